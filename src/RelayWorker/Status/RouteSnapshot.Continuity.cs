using System.Collections.Immutable;

namespace RelayWorker.Status;

internal sealed partial record RouteSnapshot
{
    /// <summary>A route with backups or a slate: its destinations keep one connection through source loss.</summary>
    public bool IsContinuous { get; init; }

    /// <summary>The input a continuous route sends now ("primary", "backup1", …, "slate"); null before its first cut
    /// and for a plain route.</summary>
    public string? ActiveSource { get; init; }

    /// <summary>Every input of a continuous route in priority order, the slate last; empty for a plain route.</summary>
    public ImmutableArray<SourceView> Sources { get; init; } = [];

    /// <summary>Switches since the route was added, by target and reason, for relay_route_switches_total.</summary>
    public ImmutableDictionary<SwitchKey, long> Switches { get; init; } = ImmutableDictionary<SwitchKey, long>.Empty;

    /// <summary>A continuous route on its slate keeps its destinations but has no source: it is not ready.</summary>
    public bool IsOnSlate => ActiveSource == SourceView.SlateName;
}

/// <summary>
/// One input of a continuous route: its name ("primary", "backup1", …, "slate"), what it reads (a redacted URL;
/// "builtin" or the image path for the slate), whether it delivers advancing media now, its process's restarts and
/// its last error (redacted). Passed by value.
/// </summary>
internal readonly record struct SourceView(string Name, string Input, SourceState State, long Restarts = 0, string? LastError = null)
{
    public const string SlateName = "slate";
}

/// <summary>What a continuous route's input is doing.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<SourceState>))]
internal enum SourceState
{
    /// <summary>Its process is starting or has not delivered media yet.</summary>
    Connecting,

    /// <summary>Media advanced within Relay__Failover__LossAfter.</summary>
    Delivering,

    /// <summary>Its process runs but its media stopped advancing (the source is lost).</summary>
    Lost,

    /// <summary>Its process ended and waits for its restart.</summary>
    BackingOff,
}

/// <summary>A label pair of relay_route_switches_total.</summary>
internal readonly record struct SwitchKey(string To, string Reason);
