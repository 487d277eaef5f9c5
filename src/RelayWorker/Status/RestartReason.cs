namespace RelayWorker.Status;

/// <summary>Why a child was replaced; the <c>reason</c> label of relay_route_restarts_total.</summary>
public static class RestartReason
{
    /// <summary>Exit code 0: the input ended.</summary>
    public const string Exited = "exited";

    /// <summary>Any other exit code: ffmpeg reported an error.</summary>
    public const string Failed = "failed";

    /// <summary>Media stopped advancing for StallTimeout.</summary>
    public const string Stalled = "stalled";

    /// <summary>Ended by a signal the worker did not send (exit 255 after SIGINT/SIGTERM, 128+n otherwise).</summary>
    public const string Killed = "killed";

    /// <summary>ffmpeg started but delivered no media within StartTimeout (connect, probe and handshake).</summary>
    public const string StartTimeout = "start_timeout";

    /// <summary>The process could not be started at all (ffmpeg missing, not executable).</summary>
    public const string StartFailed = "start_failed";

    /// <summary>The route's configuration changed.</summary>
    public const string Reconfigured = "reconfigured";

    /// <summary>A continuous route went on air with an input of another video codec than its output stage was started
    /// with (a slate made before any source described itself, then an H.265 source): a copy output cannot change codec.</summary>
    public const string SourceFormat = "source_format";

    /// <summary>Restarted by hand through the control API (a restart, or a destination disabled or enabled).</summary>
    public const string Manual = "manual";

    /// <summary>Packets kept coming but the source's clock stopped or went back (a publisher returning into a held session).</summary>
    public const string Frozen = "frozen";

    // ffmpeg turns SIGINT/SIGTERM/SIGQUIT into exit 255; signals it does not catch show as 128 + n. Only the
    // common fatal signals are read that way, because ffmpeg 6.1+ exits with AVERROR & 0xFF after an error,
    // which also lands above 128 (251 for EIO, 146 for ETIMEDOUT).
    private static readonly int[] UncaughtSignals = [1, 2, 3, 6, 9, 11, 13, 15];

    public static readonly IReadOnlyList<string> All = [Exited, Failed, Stalled, StartTimeout, Killed, StartFailed, Reconfigured, Manual, SourceFormat, Frozen];

    public static string ForExitCode(int exitCode) => exitCode switch
    {
        0 => Exited,
        // setpriv/setsid exec ffmpeg; they exit 127 when it is missing and 126 when it is not executable.
        126 or 127 => StartFailed,
        255 => Killed,
        _ when exitCode > 128 && UncaughtSignals.Contains(exitCode - 128) => Killed,
        _ => Failed,
    };
}
