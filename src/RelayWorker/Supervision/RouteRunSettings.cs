using RelayWorker.Configuration;

namespace RelayWorker.Supervision;

/// <summary>The global settings one route's supervision reads, captured when the route starts.</summary>
internal sealed record RouteRunSettings(
    string FfmpegPath,
    TimeSpan StopTimeout,
    TimeSpan StallTimeout,
    RestartOptions Restart,
    IReadOnlyCollection<string> KnownSecrets)
{
    /// <summary>The first-media deadline of a run, counted from its ffmpeg's start.</summary>
    public TimeSpan StartTimeout { get; init; } = RelayDefaults.StartTimeout;

    /// <summary>Niceness added to each child (0: the worker's own).</summary>
    public int ChildNiceness { get; init; }

    /// <summary>When a continuous route leaves a source, and when it returns to a higher-priority one.</summary>
    public FailoverTiming Failover { get; init; } = new(RelayDefaults.FailoverLossAfter, RelayDefaults.FailoverFailbackAfter);

    /// <summary>Stall checks run this often; a fraction of the shorter timeout keeps detection prompt.</summary>
    public TimeSpan StallCheckInterval => TimeSpan.FromTicks(Math.Clamp(
        Math.Min(StallTimeout.Ticks, StartTimeout.Ticks) / 4, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond));
}

/// <summary>Relay__Failover__LossAfter and __FailbackAfter, captured as values.</summary>
internal sealed record FailoverTiming(TimeSpan LossAfter, TimeSpan FailbackAfter);
