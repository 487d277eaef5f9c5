namespace RelayWorker.Supervision;

/// <summary>
/// Why a destination failed, in words an operator can act on. The value is the <c>cause</c> of the status
/// API and of <c>relay_destination_failures</c>, so the set is small and fixed.
/// </summary>
internal static class DestinationFailureCause
{
    /// <summary>Nothing answered: connection refused or timed out, no route, the listener is not there.</summary>
    public const string Unreachable = "unreachable";

    /// <summary>The server answered and said no: already publishing, bad key or passphrase, forbidden.</summary>
    public const string Rejected = "rejected";

    /// <summary>The destination's muxer refused this media (codec, tag or option it cannot carry).</summary>
    public const string Incompatible = "incompatible";

    /// <summary>A session that was streaming broke (reset, broken pipe, write error).</summary>
    public const string Broken = "broken";

    /// <summary>Any other failure; the destination's last error says what.</summary>
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Unreachable, Rejected, Incompatible, Broken, Failed];

    // Checked in order: the first group whose words occur in the line wins. "Already publishing" comes
    // back as "Operation not permitted" once the fifo reports it, so that phrase counts as a rejection.
    private static readonly (string Cause, string[] Phrases)[] Rules =
    [
        (Incompatible, ["incompatible", "not compatible", "not supported", "Unknown option", "codec not currently supported", "Could not write header"]),
        (Rejected, ["Already publishing", "Operation not permitted", "Permission denied", "Server error", "403", "401", "rejected", "Authentication", "wrong password", "BADSECRET"]),
        (Broken, ["Broken pipe", "Connection reset", "Connection was broken", "Error writing", "av_interleaved_write_frame", "Error muxing"]),
        (Unreachable, ["Connection refused", "timed out", "Connection timed out", "No route to host", "Network is unreachable", "Cannot assign", "Name or service not known", "Error opening", "Connection to", "Input/output error"]),
    ];

    public static string Classify(string line)
    {
        foreach (var (cause, phrases) in Rules)
        {
            if (phrases.Any(p => line.Contains(p, StringComparison.OrdinalIgnoreCase)))
            {
                return cause;
            }
        }
        return Failed;
    }
}
