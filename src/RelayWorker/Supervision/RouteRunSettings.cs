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
    /// <summary>Stall checks run this often; a fraction of the timeout keeps detection prompt.</summary>
    public TimeSpan StallCheckInterval => TimeSpan.FromTicks(Math.Clamp(StallTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond));
}
