using System.Text.Json.Serialization;

namespace RelayWorker.Events;

/// <summary>
/// One thing that happened, as /api/events and the webhooks send it. <see cref="Id"/> grows by one per event for
/// the life of the process, so a client resumes with Last-Event-ID. Every text in it is redacted already.
/// Fields that do not apply to the kind are left out of the JSON.
/// </summary>
internal sealed record RelayEvent
{
    public long Id { get; init; }

    public DateTimeOffset Time { get; init; }

    /// <summary>One of <see cref="RelayEventKind"/>.</summary>
    public required string Kind { get; init; }

    public string? Route { get; init; }

    /// <summary>State before (route or destination state; for a switch the input left: primary, backup1, …, slate, absent at the first).</summary>
    public string? From { get; init; }

    /// <summary>State after.</summary>
    public string? To { get; init; }

    /// <summary>Why: the restart reason, the state reason, the destination's failure cause, the switch's reason.</summary>
    public string? Reason { get; init; }

    /// <summary>The destination's index, as in /api/routes and the metric label.</summary>
    public int? Destination { get; init; }

    /// <summary>Restarts of the route so far, for a restart event.</summary>
    public long? Restarts { get; init; }

    /// <summary>The last error (route or destination), redacted.</summary>
    public string? Error { get; init; }

    /// <summary>For a configuration event: whether it was applied.</summary>
    public bool? Accepted { get; init; }

    /// <summary>For a refused configuration: every problem, each naming its key.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Problems { get; init; }
}

/// <summary>The <c>kind</c> of a <see cref="RelayEvent"/>; also its SSE <c>event:</c> name.</summary>
internal static class RelayEventKind
{
    /// <summary>A route's shown state changed (Starting, Running, Frozen, Slow, BackingOff, …).</summary>
    public const string State = "state";

    /// <summary>A route's ffmpeg was replaced; <c>reason</c> is the restart reason of relay_route_restarts_total.</summary>
    public const string Restart = "restart";

    /// <summary>One destination changed state (Connecting, Up, Down, Failing).</summary>
    public const string Destination = "destination";

    /// <summary>A continuous route moved to another of its inputs; <c>reason</c> is start, loss, failback or recovered.</summary>
    public const string SourceSwitch = "source";

    /// <summary>A configuration was applied or refused.</summary>
    public const string Configuration = "configuration";

    /// <summary>A route appeared on this replica.</summary>
    public const string RouteAdded = "route-added";

    /// <summary>A route left this replica (removed from configuration or owned by another replica).</summary>
    public const string RouteRemoved = "route-removed";
}
