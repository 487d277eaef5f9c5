using RelayWorker.Status;

namespace RelayWorker.Api;

/// <summary>The JSON shape of one route in /api/routes; every URL in it is redacted.</summary>
internal sealed record RouteStatusDto(
    string Name,
    RouteState State,
    bool Streaming,
    double? LastMediaSecondsAgo,
    string Source,
    IReadOnlyList<string> Destinations,
    IReadOnlyList<DestinationStatusDto> DestinationStatus,
    string Profile,
    long Restarts,
    IReadOnlyDictionary<string, long> RestartsByReason,
    int? LastExitCode,
    string? LastError,
    double UptimeSeconds,
    double? BackoffSeconds,
    int? Pid,
    ProgressDto? Progress)
{
    public static RouteStatusDto From(RouteStatus status, DateTimeOffset now) => new(
        status.Name,
        status.State,
        status.IsStreaming,
        status.LastMediaAt is { } at ? Math.Round((now - at).TotalSeconds, 1) : null,
        status.Source,
        status.Destinations,
        DestinationStatusDto.From(status),
        status.Profile,
        status.TotalRestarts,
        status.Restarts.ToDictionary(kv => kv.Key, kv => kv.Value),
        status.LastExitCode,
        status.LastError,
        Math.Round(status.Uptime.TotalSeconds, 1),
        status.CurrentBackoff?.TotalSeconds,
        status.ChildProcessId,
        status.Progress is { } p ? ProgressDto.From(p, status.OutputBytes) : null);
}
