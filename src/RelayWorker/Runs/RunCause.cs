using RelayWorker.Status;

namespace RelayWorker.Runs;

/// <summary>
/// Why a run ended, in an operator's words: from how the worker ended it, the exit code, and the lines ffmpeg wrote.
/// The phrases matched are ffmpeg's own (5.1, gathered against closed ports, names under .invalid, an HTTP server
/// answering 401/403/404, an SRT listener with another passphrase); libsrt writes its rejection reasons itself.
/// </summary>
internal static class RunCause
{
    public const string ConnectionRefused = "connection_refused";
    public const string SourceNotFound = "source_not_found";
    public const string AuthenticationRejected = "authentication_rejected";
    public const string Timeout = "timeout";
    public const string DnsFailure = "dns_failure";
    public const string Unsupported = "unsupported";
    public const string Killed = "killed";
    public const string Stalled = "stalled";

    /// <summary>Packets kept coming but the source's clock stopped or went back.</summary>
    public const string Frozen = "frozen";
    public const string Stopped = "stopped";
    public const string Reconfigured = "reconfigured";
    public const string Manual = "manual";

    /// <summary>Exit 0: the source ended.</summary>
    public const string Exited = "exited";

    /// <summary>ffmpeg could not be started.</summary>
    public const string StartFailed = "start_failed";

    /// <summary>An error none of the phrases below describes; the last lines say what.</summary>
    public const string Failed = "failed";

    // In priority order: a name that does not resolve also makes "Input/output error"; an HTTP 401 is also a failed open.
    private static readonly (string Cause, string[] Phrases)[] Phrases =
    [
        (DnsFailure, ["Failed to resolve hostname", "Name or service not known", "Temporary failure in name resolution", "No address associated with hostname"]),
        (AuthenticationRejected, ["401 Unauthorized", "403 Forbidden", "authorization failed", "access denied", "Incorrect passphrase", "NetConnection.Connect.Rejected", "Authentication failed"]),
        (SourceNotFound, ["404 Not Found", "StreamNotFound", "Stream not found", "No such file or directory"]),
        (ConnectionRefused, ["Connection refused"]),
        (Timeout, ["timed out", "Connection setup failure"]),
        (Unsupported, ["Invalid data found when processing input", "not supported", "Unknown encoder", "Could not find codec parameters", "Could not write header", "Protocol not found", "Unsupported codec", "Unknown decoder"]),
    ];

    /// <param name="reason">The restart reason the runner chose (<see cref="RestartReason"/>, or "stopped").</param>
    /// <param name="stopRequested">The worker ended the run.</param>
    /// <param name="stopCause">Why the worker stopped the run, when it did: manual, reconfigured, or null for a plain stop.</param>
    /// <param name="exitCode">The child's exit code; null when it never started.</param>
    /// <param name="lines">The last lines ffmpeg wrote, oldest first.</param>
    public static string Classify(string reason, bool stopRequested, string? stopCause, int? exitCode, IReadOnlyList<string> lines)
    {
        if (stopRequested)
        {
            return stopCause ?? Stopped;
        }
        switch (reason)
        {
            case RestartReason.Stalled:
                return Stalled;
            case RestartReason.Frozen:
                return Frozen;
            case RestartReason.Killed:
                return Killed;
            case RestartReason.StartFailed:
                return StartFailed;
        }
        foreach (var (cause, phrases) in Phrases)
        {
            if (lines.Any(line => phrases.Any(phrase => line.Contains(phrase, StringComparison.OrdinalIgnoreCase))))
            {
                return cause;
            }
        }
        return exitCode == 0 ? Exited : Failed;
    }

    /// <summary>The signal that ended the child (exit 128 + n as reported by the launcher), or null.</summary>
    public static string? Signal(int? exitCode) => exitCode switch
    {
        129 => "SIGHUP",
        130 => "SIGINT",
        131 => "SIGQUIT",
        134 => "SIGABRT",
        137 => "SIGKILL",
        139 => "SIGSEGV",
        141 => "SIGPIPE",
        143 => "SIGTERM",
        _ => null,
    };
}
