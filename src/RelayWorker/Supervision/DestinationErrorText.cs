using System.Text.RegularExpressions;

namespace RelayWorker.Supervision;

/// <summary>
/// A destination's last error in the operator's words: which destination, and what happened, without ffmpeg's
/// internal object prefixes (<c>[fifo @ 0x55c7…]</c>). ffmpeg's own wording follows in brackets, redacted, for
/// whoever needs the detail. Pure, and table-tested on lines ffmpeg 5.1 writes.
/// </summary>
internal static partial class DestinationErrorText
{
    // What the operator can act on, first match wins: the words ffmpeg or the protocol library use for it.
    private static readonly (string Meaning, string[] Phrases)[] Meanings =
    [
        ("DNS name not found", ["Name or service not known", "Temporary failure in name resolution", "No address associated", "nodename nor servname"]),
        ("rejected passphrase or stream id", ["BADSECRET", "passphrase", "Connection setup failure: connection rejected", "rejected by peer", "REJ_"]),
        ("the server already has a publisher for this stream", ["Already publishing"]),
        ("refused by the server (wrong key, or publishing not allowed)", ["Operation not permitted", "Permission denied", "403", "401"]),
        ("connection refused", ["Connection refused"]),
        ("no SRT listener answered within the connect timeout", ["Connection setup failure: connection time out"]),
        ("no answer within the connect timeout", ["timed out", "Connection timed out"]),
        ("the destination's format cannot carry this media", ["incompatible", "not supported", "Could not write header"]),
        ("the connection broke", ["Broken pipe", "Connection reset", "Connection was broken", "Error writing"]),
        ("the host cannot be reached", ["No route to host", "Network is unreachable"]),
    ];

    [GeneratedRegex(@"\[[A-Za-z0-9_]+ @ 0x[0-9a-fA-F]+\]\s*")]
    private static partial Regex ObjectPrefix();

    /// <param name="index">The destination's index (Destinations__&lt;index&gt;).</param>
    /// <param name="redactedTarget">The destination as it may be shown.</param>
    /// <param name="redactedLine">ffmpeg's line, already redacted.</param>
    public static string Describe(int index, string redactedTarget, string redactedLine)
    {
        var plain = ObjectPrefix().Replace(redactedLine, "").Trim();
        var isSrt = redactedTarget.StartsWith("srt:", StringComparison.OrdinalIgnoreCase);
        var meaning = Meanings.FirstOrDefault(m => m.Phrases.Any(p => plain.Contains(p, StringComparison.OrdinalIgnoreCase))).Meaning;
        // ffmpeg reports a failed SRT connect as a bare I/O error: nothing answered in time.
        if (meaning is null && isSrt && plain.Contains("Input/output error", StringComparison.OrdinalIgnoreCase))
        {
            meaning = "no SRT listener answered within the connect timeout";
        }
        var what = meaning ?? plain;
        return meaning is null
            ? $"destination {index} ({redactedTarget}): {what}"
            : $"destination {index} ({redactedTarget}): {what} ({plain})";
    }
}
