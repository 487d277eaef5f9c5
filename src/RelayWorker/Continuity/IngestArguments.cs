using RelayWorker.FFmpeg;

namespace RelayWorker.Continuity;

/// <summary>
/// One source of a continuous route, remuxed without decoding into the splicer's MPEG-TS on stdout. The input
/// side is a plain route's (same timeouts and probes per scheme); the log stays at info level because its
/// "Stream #0:n" lines are how the slate learns the source's parameters.
/// </summary>
internal static class IngestArguments
{
    public static IReadOnlyList<string> Build(string source, bool listen)
    {
        List<string> arguments = ["-hide_banner", "-nostdin", "-nostats", "-loglevel", "level+info"];
        SourceArguments.Add(arguments, source, listen);
        // Video first, then audio if there is one: every input of the splicer must number its streams alike.
        if (TestPatternSource.IsTestPattern(source))
        {
            // A generated pattern has no encoded form to copy: it is encoded once here, a keyframe a second.
            arguments.AddRange(["-map", "0:v:0", "-map", "1:a:0", "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency",
                "-pix_fmt", "yuv420p", "-force_key_frames", "expr:gte(t,n_forced*1)", "-c:a", "aac", "-b:a", "64k"]);
        }
        else
        {
            arguments.AddRange(["-map", "0:v:0", "-map", "0:a:0?", "-c", "copy"]);
        }
        arguments.AddRange(ContinuityMuxer.Arguments);
        arguments.Add("pipe:1");
        return arguments;
    }
}
