using System.Collections.Immutable;
using RelayWorker.FFmpeg;

namespace RelayWorker.Status;

/// <summary>
/// Everything known about one route at one moment, immutable. The supervisor publishes a new snapshot on every
/// change; the API, metrics and health read one snapshot and so never see half of an update. Holds only redacted
/// text. Values that depend on the clock (streaming, uptime) are computed for the reader's "now".
/// </summary>
internal sealed record RouteSnapshot(string Name)
{
    /// <summary>Ten times ffmpeg's progress period and longer than a 1 fps rung's frame gap, yet short
    /// enough that an outage shows in the next scrape.</summary>
    public static readonly TimeSpan MediaFreshFor = TimeSpan.FromSeconds(5);

    public RouteState State { get; init; } = RouteState.Stopped;

    public string Source { get; init; } = "";

    public ImmutableArray<string> Destinations { get; init; } = [];

    /// <summary>The current run's view of each destination, by index; empty before the first run.</summary>
    public ImmutableArray<DestinationView> DestinationViews { get; init; } = [];

    public string Profile { get; init; } = Media.ProfileCatalog.CopyName;

    /// <summary>What the route's ffmpeg makes of the source, output by output; empty for a disabled route.</summary>
    public ImmutableArray<Media.RouteOutput> Outputs { get; init; } = [];

    public ImmutableDictionary<string, long> Restarts { get; init; } = ImmutableDictionary.Create<string, long>(StringComparer.Ordinal);

    public int? ChildProcessId { get; init; }

    public int? LastExitCode { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? RunStartedAt { get; init; }

    /// <summary>Start of the current unbroken stretch of media.</summary>
    public DateTimeOffset? StreamingSince { get; init; }

    /// <summary>When media last moved forward in the current run.</summary>
    public DateTimeOffset? LastMediaAt { get; init; }

    public TimeSpan? CurrentBackoff { get; init; }

    public ProgressSnapshot? Progress { get; init; }

    /// <summary>Bytes written across every run, monotonic, for relay_route_output_bytes_total.</summary>
    public long OutputBytes { get; init; }

    public long TotalRestarts => Restarts.Values.Sum();

    /// <summary>
    /// Media moved within <see cref="MediaFreshFor"/>. A run can stay alive while its source is silent (an RTMP
    /// server holds a player open while its publisher is gone); such a route must not read as up.
    /// </summary>
    public bool IsStreamingAt(DateTimeOffset now) => State == RouteState.Running && IsFreshAt(LastMediaAt, now);

    /// <summary>How long media has been advancing without interruption.</summary>
    public TimeSpan UptimeAt(DateTimeOffset now) =>
        IsStreamingAt(now) && StreamingSince is { } since ? now - since : TimeSpan.Zero;

    /// <summary>Per destination, in configuration order; nothing is up while the route itself is not streaming.</summary>
    public ImmutableArray<DestinationView> DestinationsAt(DateTimeOffset now)
    {
        if (State == RouteState.Disabled)
        {
            return [];
        }
        if (DestinationViews.IsDefaultOrEmpty)
        {
            return [.. Destinations.Select(_ => DestinationView.Connecting)];
        }
        var streaming = IsStreamingAt(now);
        return streaming ? DestinationViews : [.. DestinationViews.Select(d => d.State == DestinationState.Up ? d with { State = DestinationState.Connecting } : d)];
    }

    internal static bool IsFreshAt(DateTimeOffset? at, DateTimeOffset now) => at is { } t && now - t < MediaFreshFor;
}

/// <summary>One destination's state and the last error it reported (redacted), passed by value.</summary>
internal readonly record struct DestinationView(DestinationState State, string? LastError)
{
    public static readonly DestinationView Connecting = new(DestinationState.Connecting, null);
}
