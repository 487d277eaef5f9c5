using System.Collections.Frozen;

namespace RelayWorker.Capabilities;

/// <summary>
/// Reads the listings of <c>ffmpeg -protocols</c>, <c>-muxers</c>, <c>-encoders</c> and <c>-filters</c>. Each
/// lists one capability a line after a legend; the shapes below are those of ffmpeg 4 to 7.
/// </summary>
internal static class FfmpegCapabilityParser
{
    /// <summary>The first line of <c>-version</c> without its copyright: <c>ffmpeg version 5.1.9-0+deb12u1</c>.</summary>
    public static string Version(string output)
    {
        var first = output.Split('\n', 2)[0].Trim();
        var copyright = first.IndexOf(" Copyright", StringComparison.Ordinal);
        return copyright > 0 ? first[..copyright] : first;
    }

    /// <summary>Protocols under "Input:" and "Output:", one name a line; a protocol counts when it appears in either
    /// (a route reads with one and writes with another, and the rules ask for the direction they need by name).</summary>
    public static FrozenSet<string> Protocols(string output) =>
        Lines(output)
            .Where(line => line.StartsWith("  ", StringComparison.Ordinal) && Tokens(line) is [var name] && !name.EndsWith(':'))
            .Select(line => line.Trim())
            .ToFrozenSet(StringComparer.Ordinal);

    /// <summary><c>  E flv   FLV (Flash Video)</c> or <c> DE matroska,webm …</c>: muxing when the flags hold an E.</summary>
    public static FrozenSet<string> Muxers(string output) =>
        AfterRule(output, "--")
            .Select(Tokens)
            .Where(tokens => tokens.Length >= 2 && tokens[0].Contains('E', StringComparison.Ordinal) && tokens[0].Length <= 3)
            .SelectMany(tokens => tokens[1].Split(','))
            .ToFrozenSet(StringComparer.Ordinal);

    /// <summary><c> V....D libx264   libx264 H.264 …</c> after the <c>------</c> rule.</summary>
    public static FrozenSet<string> Encoders(string output) =>
        AfterRule(output, "------")
            .Select(Tokens)
            .Where(tokens => tokens.Length >= 2 && tokens[0].Length == 6)
            .Select(tokens => tokens[1])
            .ToFrozenSet(StringComparer.Ordinal);

    /// <summary><c> ..C scale   V->V   Scale the input video size …</c>: a legend line has no arrow in its third token.</summary>
    public static FrozenSet<string> Filters(string output) =>
        Lines(output)
            .Select(Tokens)
            .Where(tokens => tokens.Length >= 3 && tokens[0].Length == 3 && tokens[2].Contains("->", StringComparison.Ordinal))
            .Select(tokens => tokens[1])
            .ToFrozenSet(StringComparer.Ordinal);

    private static IEnumerable<string> AfterRule(string output, string rule) =>
        Lines(output).SkipWhile(line => line.Trim() != rule).Skip(1);

    private static IEnumerable<string> Lines(string output) =>
        output.Split('\n').Select(line => line.TrimEnd('\r'));

    private static string[] Tokens(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
