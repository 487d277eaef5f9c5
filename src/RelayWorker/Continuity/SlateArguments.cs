using System.Globalization;
using RelayWorker.Configuration;

namespace RelayWorker.Continuity;

/// <summary>
/// The slate ffmpeg of a continuous copy route: a still card (the built-in one names the route and says "signal
/// lost"; or the operator's image, scaled and padded) with silence, encoded live with the source's parameters so a
/// decoder that was reading the source reads the slate without a restart, and written as MPEG-TS with the PIDs
/// every input of the splicer uses.
/// </summary>
internal static class SlateArguments
{
    /// <summary>A keyframe every second: the route can leave the slate within a second of a source's return.</summary>
    private const string KeyframeSeconds = "1";

    public static IReadOnlyList<string> Build(string routeName, string slate, SourceStreamInfo source, string output)
    {
        var size = $"{source.Width}x{source.Height}";
        List<string> arguments = ["-hide_banner", "-nostdin", "-loglevel", "level+error", "-re"];
        if (SlateRules.IsBuiltin(slate))
        {
            // Route names are letters, digits, '_', '-' and '.': nothing a filter graph would read as syntax.
            var fontSize = Math.Max(12, source.Height / 14).ToString(CultureInfo.InvariantCulture);
            arguments.AddRange(["-f", "lavfi", "-i",
                $"color=c=0x1c2833:size={size}:rate={source.FrameRate},drawtext=text='{routeName} - signal lost':fontcolor=white:fontsize={fontSize}:x=(w-text_w)/2:y=(h-text_h)/2"]);
        }
        else
        {
            arguments.AddRange(["-loop", "1", "-framerate", source.FrameRate, "-i", slate]);
        }
        arguments.AddRange(["-re", "-f", "lavfi", "-i", $"anullsrc=r={AudioRate(source)}:cl={AudioLayout(source)}"]);
        arguments.AddRange(["-map", "0:v", "-map", "1:a",
            "-vf", $"scale={source.Width}:{source.Height}:force_original_aspect_ratio=decrease,pad={source.Width}:{source.Height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format={source.PixelFormat}",
            "-r", source.FrameRate]);
        arguments.AddRange(VideoEncoder(source));
        arguments.AddRange(["-c:a", "aac", "-ar", AudioRate(source), "-b:a", "64k"]);
        arguments.AddRange(ContinuityMuxer.Arguments);
        arguments.Add(output);
        return arguments;
    }

    private static List<string> VideoEncoder(SourceStreamInfo source)
    {
        var gop = $"expr:gte(t,n_forced*{KeyframeSeconds})";
        if (source.VideoCodec == "hevc")
        {
            return ["-c:v", "libx265", "-preset", "veryfast", "-force_key_frames", gop, "-x265-params", "repeat-headers=1:log-level=error"];
        }
        List<string> h264 = ["-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-force_key_frames", gop, "-b:v", "300k"];
        if (X264Profile(source.VideoProfile) is { } profile)
        {
            h264.AddRange(["-profile:v", profile]);
        }
        if (source.LevelIdc is { } level)
        {
            h264.AddRange(["-level:v", H264Sps.LevelName(level)]);
        }
        return h264;
    }

    /// <summary>ffmpeg's profile names as x264 takes them; a constrained baseline source needs a baseline slate.</summary>
    private static string? X264Profile(string? printed) => printed switch
    {
        "Baseline" or "Constrained Baseline" => "baseline",
        "Main" => "main",
        "High" => "high",
        "High 10" => "high10",
        "High 4:2:2" => "high422",
        "High 4:4:4 Predictive" => "high444",
        _ => null,
    };

    private static string AudioRate(SourceStreamInfo source) =>
        (source.AudioSampleRate > 0 ? source.AudioSampleRate : 48000).ToString(CultureInfo.InvariantCulture);

    private static string AudioLayout(SourceStreamInfo source) => source.AudioLayout ?? "stereo";
}
