
namespace RelayWorker.FFmpeg;

/// <summary>
/// Reads the severity ffmpeg writes with <c>-loglevel level+…</c>: <c>[component @ 0x…] [error] text</c>.
/// </summary>
internal readonly record struct FfmpegLogLine(LogLevel Level, string Text)
{
    private static readonly (string Tag, LogLevel Level)[] Tags =
    [
        ("[panic] ", LogLevel.Critical),
        ("[fatal] ", LogLevel.Error),
        ("[error] ", LogLevel.Error),
        ("[warning] ", LogLevel.Warning),
        // ffmpeg's info level describes streams at every start; the supervisor's own summary lines are
        // what an operator reads, so these stay at Debug to keep restarts from flooding the log.
        ("[info] ", LogLevel.Debug),
        ("[verbose] ", LogLevel.Trace),
        ("[debug] ", LogLevel.Trace),
        ("[trace] ", LogLevel.Trace),
    ];

    public bool IsError => Level >= LogLevel.Error;

    public static FfmpegLogLine Parse(string line)
    {
        // The tag stands first, or right after the "[component @ 0x…] " context: text later in the line
        // (a stream title that reads "[error] ") is content, not severity.
        var at = line.StartsWith('[') && line.IndexOf(" @ 0x", StringComparison.Ordinal) is > 0 and var context
            && line.IndexOf("] ", context, StringComparison.Ordinal) is > 0 and var contextEnd
            ? contextEnd + 2
            : 0;
        foreach (var (tag, level) in Tags)
        {
            if (string.CompareOrdinal(line, at, tag, 0, tag.Length) == 0)
            {
                return new FfmpegLogLine(level, (line[..at] + line[(at + tag.Length)..]).TrimEnd());
            }
        }
        // Untagged lines are continuations of multi-line messages or output from libraries (libsrt).
        return new FfmpegLogLine(LogLevel.Debug, line.TrimEnd());
    }
}
