namespace RelayWorker.Supervision;

/// <summary>How one ffmpeg run ended.</summary>
internal sealed record RunOutcome(string Reason, int? ExitCode, TimeSpan Duration, bool StopRequested)
{
    /// <summary>How long media moved during the run; a process that merely lived (a slow failed connect)
    /// does not count towards StableAfter.</summary>
    public TimeSpan Streamed { get; init; }

    /// <summary>The run ended because the worker asked it to (shutdown, removal, reconfiguration).</summary>
    public static RunOutcome Stopped(int? exitCode, TimeSpan duration) => new("stopped", exitCode, duration, StopRequested: true);
}
