using System.Globalization;
using RelayWorker.Media;

namespace RelayWorker.FFmpeg;

/// <summary>
/// Builds one route's ffmpeg argument list. Pure: the same route always gives the same list, and the list
/// is handed to the process as argv, never joined into a shell command.
/// </summary>
internal static class FfmpegArguments
{
    /// <param name="route">The route to run.</param>
    /// <param name="withoutFifo">Indices of destinations (of a route without renditions) to write as plain tee
    /// slaves: a destination whose muxer refused the media, so that its one failed attempt is closed by the
    /// tee instead of being retried by a fifo that keeps the failed session open.</param>
    /// <param name="pipeInput">Input options that replace the source's: a continuous route's output stage reads the
    /// spliced MPEG-TS from stdin instead of the source itself.</param>
    public static IReadOnlyList<string> Build(RouteDefinition route, IReadOnlySet<int>? withoutFifo = null, IReadOnlyList<string>? pipeInput = null)
    {
        var args = new List<string>
        {
            // -y: never stop at an "overwrite?" prompt for a file output.
            "-hide_banner", "-nostdin", "-nostats", "-y",
            // The level prefix lets the log forwarder pick each line's severity without guessing.
            "-loglevel", "level+info",
            // key=value progress blocks on stdout feed live stats and stall detection. One block a second (ffmpeg's
            // default is two) halves what the worker parses per route and still shows a stall within seconds.
            "-progress", "pipe:1", "-stats_period", "1",
        };
        if (pipeInput is null)
        {
            SourceArguments.Add(args, route.Source, route.Listen);
        }
        else
        {
            args.AddRange(pipeInput);
        }
        if (route.Renditions.IsEmpty)
        {
            CodecArguments.Add(args, route.Source, route.Profile);
            OutputArguments.Add(args, route.Destinations, withoutFifo);
        }
        else
        {
            RenditionArguments.Add(args, route);
        }
        if (route.Thumbnail)
        {
            Thumbnails.ThumbnailArguments.Add(args, route);
        }
        return args;
    }

    /// <summary>The source of a continuous route's output stage: the spliced MPEG-TS on its stdin.</summary>
    internal const string PipeSource = "pipe:0";

    internal static string Micros(TimeSpan span) => ((long)span.TotalMicroseconds).ToString(CultureInfo.InvariantCulture);

    internal static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
