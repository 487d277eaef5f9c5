using System.Collections.Immutable;
using RelayWorker.FFmpeg;

namespace RelayWorker.Status;

/// <summary>
/// Everything known about one route at one moment, immutable. The supervisor publishes a new snapshot on every
/// change; the API, metrics and health read one snapshot and so never see half of an update. Holds only redacted
/// text. Values that depend on the clock (streaming, uptime) are computed for the reader's "now".
/// </summary>
internal sealed partial record RouteSnapshot(string Name)
{
    /// <summary>Two of ffmpeg's progress periods (one block a second): media that has not advanced for this
    /// long is frozen, and the route says so at once instead of only when StallTimeout restarts it.</summary>
    public static readonly TimeSpan MediaFreshFor = TimeSpan.FromSeconds(2);

    /// <summary>Live media runs at 1x; below this rate, measured over <see cref="RateWindow"/>, a route is slow.</summary>
    public const double MinimumLiveRate = 0.9;

    /// <summary>Long enough to smooth the burst of a keyframe, short enough to show a slow route within seconds.
    /// ffmpeg's own speed figure is useless here: it averages over the whole run.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(4);

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

    /// <summary>Why a route waits or starts (set with <see cref="RouteState.Queued"/> and <see cref="RouteState.Starting"/>).</summary>
    public string? StateReason { get; init; }

    public DateTimeOffset? RunStartedAt { get; init; }

    /// <summary>Start of the current unbroken stretch of media.</summary>
    public DateTimeOffset? StreamingSince { get; init; }

    /// <summary>When media last moved forward in the current run.</summary>
    public DateTimeOffset? LastMediaAt { get; init; }

    public TimeSpan? CurrentBackoff { get; init; }

    public ProgressSnapshot? Progress { get; init; }

    /// <summary>Media seconds per wall second over the last <see cref="RateWindow"/>; null until measured, and
    /// never measured for a source that arrives in bursts.</summary>
    public double? MediaRate { get; init; }

    /// <summary>How long media may pause before the route shows as frozen: <see cref="MediaFreshFor"/>, or longer
    /// for a source that arrives in bursts (an HLS source delivers a segment of several seconds at once).</summary>
    public TimeSpan FreshFor { get; init; } = MediaFreshFor;

    /// <summary>Bytes written across every run, monotonic, for relay_route_output_bytes_total.</summary>
    public long OutputBytes { get; init; }

    public long TotalRestarts => Restarts.Values.Sum();

    /// <summary>
    /// Running, media moved within <see cref="MediaFreshFor"/> and at a live pace. A run can stay alive while its
    /// source is silent (an RTMP server holds a player open while its publisher is gone), or creep on timestamps
    /// that barely move (a publisher returning into a held session); such a route must not read as up.
    /// </summary>
    public bool IsStreamingAt(DateTimeOffset now) => State == RouteState.Running && ProblemAt(now) is null;

    /// <summary>The state to show: a running route whose media is frozen or slow is shown as such.</summary>
    public RouteState ShownStateAt(DateTimeOffset now) => ProblemAt(now)?.State ?? State;

    /// <summary>The reason to show beside <see cref="ShownStateAt"/>: a problem of a running route, or why it waits or starts.</summary>
    public string? ShownReasonAt(DateTimeOffset now) =>
        ProblemAt(now)?.Reason ?? (State is RouteState.Queued or RouteState.Starting ? StateReason : null);

    /// <summary>Why a running route is not streaming right now, or null.</summary>
    public (RouteState State, string Reason)? ProblemAt(DateTimeOffset now)
    {
        if (State != RouteState.Running)
        {
            return null;
        }
        if (!(LastMediaAt is { } last && now - last < FreshFor))
        {
            var silent = LastMediaAt is { } at ? (now - at).TotalSeconds : 0;
            return (RouteState.Frozen, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"media has not advanced for {silent:0.0} s"));
        }
        if (MediaRate is { } rate && rate < MinimumLiveRate)
        {
            return (RouteState.Slow, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"media advances at {rate:0.00}x real time"));
        }
        return null;
    }

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
            return WithDisabled([.. Destinations.Select(_ => DestinationView.Connecting)]);
        }
        var streaming = IsStreamingAt(now);
        return WithDisabled(streaming ? DestinationViews : [.. DestinationViews.Select(d => d.State == DestinationState.Up ? d with { State = DestinationState.Connecting } : d)]);
    }
}

/// <summary>
/// One destination's state, the last error it reported (redacted), the cause of its latest failed attempt and how
/// many attempts in a row failed in the current run; passed by value.
/// </summary>
internal readonly record struct DestinationView(DestinationState State, string? LastError, string? Cause = null, int Failures = 0)
{
    public static readonly DestinationView Connecting = new(DestinationState.Connecting, null);
}
