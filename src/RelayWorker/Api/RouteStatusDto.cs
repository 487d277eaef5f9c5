using RelayWorker.Status;

namespace RelayWorker.Api;

/// <summary>The JSON shape of one route in /api/routes; every URL in it is redacted.</summary>
internal sealed record RouteStatusDto(
    string Name,
    RouteState State,
    string? StateReason,
    bool Streaming,
    double? LastMediaSecondsAgo,
    string Source,
    IReadOnlyList<string> Destinations,
    IReadOnlyList<DestinationStatusDto> DestinationStatus,
    string Profile,
    IReadOnlyList<OutputDto> Outputs,
    long Restarts,
    IReadOnlyDictionary<string, long> RestartsByReason,
    int? LastExitCode,
    string? LastError,
    double UptimeSeconds,
    double? BackoffSeconds,
    int? Pid,
    ProgressDto? Progress)
{
    /// <summary>A runtime override in force (<c>disabled</c>), set through the control API; absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Override { get; init; }

    /// <summary>True for a continuous route (one with backups or a slate); absent for a plain route.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? Continuous { get; init; }

    /// <summary>The input a continuous route sends now (primary, backup1, …, slate); absent before its first cut and for a plain route.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ActiveSource { get; init; }

    /// <summary>Every input of a continuous route in priority order, the slate last; absent for a plain route.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SourceStatusDto>? Sources { get; init; }

    public static RouteStatusDto From(RouteSnapshot route, DateTimeOffset now) => new(
        route.Name,
        route.ShownStateAt(now),
        route.ShownReasonAt(now),
        route.IsStreamingAt(now),
        route.LastMediaAt is { } at ? Math.Round((now - at).TotalSeconds, 1) : null,
        route.Source,
        route.Destinations,
        DestinationStatusDto.From(route, now),
        route.Profile,
        [.. route.Outputs.Select(o => new OutputDto(o.Name, o.Profile.Name, o.Video, o.Audio))],
        route.TotalRestarts,
        route.Restarts,
        route.LastExitCode,
        route.LastError,
        Math.Round(route.UptimeAt(now).TotalSeconds, 1),
        route.CurrentBackoff?.TotalSeconds,
        route.ChildProcessId,
        route.Progress is { } p ? ProgressDto.From(p, route.OutputBytes) : null)
    {
        Override = route.Override,
        Continuous = route.IsContinuous ? true : null,
        ActiveSource = route.IsContinuous ? route.ActiveSource : null,
        Sources = route.IsContinuous ? SourceStatusDto.From(route) : null,
    };
}

/// <summary>One output of the route: its profile and what video and audio become.</summary>
internal sealed record OutputDto(string Name, string Profile, string Video, string Audio);
