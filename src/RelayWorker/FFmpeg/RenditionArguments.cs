using System.Text;
using RelayWorker.Media;

namespace RelayWorker.FFmpeg;

/// <summary>
/// A route with renditions: one decode, a split filter feeding one scaler and encoder per encoded output,
/// and one tee output per rendition. Every output is a tee (even with one destination) so that no
/// destination of any rendition can make ffmpeg exit and take the other renditions down with it.
/// </summary>
internal static class RenditionArguments
{
    public static void Add(List<string> args, RouteDefinition route)
    {
        var outputs = RouteOutput.Of(route);

        var testPattern = TestPatternSource.IsTestPattern(route.Source);
        var encoded = outputs.Where(o => !o.Profile.IsCopy).ToList();
        if (encoded.Count > 0)
        {
            args.AddRange(["-filter_complex", FilterGraph(encoded.Select(o => o.Profile).ToList())]);
        }
        var audio = testPattern ? "1:a" : "0:a:0?";
        var next = 0;
        foreach (var output in outputs)
        {
            if (output.Profile.IsCopy)
            {
                args.AddRange(CodecArguments.CopyOptions());
            }
            else
            {
                args.AddRange(["-map", $"[v{next++}]", "-map", audio]);
                args.AddRange(CodecArguments.EncoderOptions(output.Profile));
            }
            OutputArguments.AddTee(args, output.Destinations);
        }
    }

    /// <summary><c>[0:v]split=2[s0][s1];[s0]scale=…[v0];[s1]scale=…[v1]</c>: the decoded frames are shared.</summary>
    private static string FilterGraph(List<VideoProfile> profiles)
    {
        if (profiles.Count == 1)
        {
            return $"[0:v]{CodecArguments.VideoFilter(profiles[0])}[v0]";
        }
        var graph = new StringBuilder($"[0:v]split={profiles.Count}");
        for (var i = 0; i < profiles.Count; i++)
        {
            graph.Append($"[s{i}]");
        }
        for (var i = 0; i < profiles.Count; i++)
        {
            graph.Append($";[s{i}]{CodecArguments.VideoFilter(profiles[i])}[v{i}]");
        }
        return graph.ToString();
    }
}
