using System.Collections.Concurrent;
using RelayWorker.FFmpeg;

namespace RelayWorker.Status;

/// <summary>
/// The live, thread-safe status of one route: written by its supervisor, read by the API, health checks
/// and metrics. Holds only redacted text.
/// </summary>
internal sealed partial class RouteStatus(string name, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, long> _restarts = new(StringComparer.Ordinal);
    private RouteState _state = RouteState.Stopped;
    private long _outputBytesBeforeThisRun;
    private long _outputBytesThisRun;

    public string Name { get; } = name;

    public string Source { get; set; } = "";

    public IReadOnlyList<string> Destinations { get; set; } = [];

    /// <summary>The current run's view of each destination; null before the first run.</summary>
    public Supervision.DestinationTracker? DestinationTracker { get; private set; }

    /// <summary>Per destination, in configuration order; nothing is up while the route itself is not streaming.</summary>
    public IReadOnlyList<DestinationState> DestinationStates =>
        State == RouteState.Disabled ? []
        : DestinationTracker is { } tracker
            ? [.. tracker.States.Select(s => s == DestinationState.Up && !IsStreaming ? DestinationState.Connecting : s)]
            : [.. Destinations.Select(_ => DestinationState.Connecting)];

    public string Profile { get; set; } = ProfileCatalog.CopyName;

    public RouteState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public int? ChildProcessId { get; private set; }

    public int? LastExitCode { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? RunStartedAt { get; private set; }

    public DateTimeOffset? StreamingSince { get; private set; }

    public TimeSpan? CurrentBackoff { get; private set; }

    public ProgressSnapshot? Progress { get; private set; }

    public IReadOnlyDictionary<string, long> Restarts => _restarts;

    public long TotalRestarts => _restarts.Values.Sum();

    /// <summary>Bytes written across every run, monotonic, for relay_route_output_bytes_total.</summary>
    public long OutputBytes
    {
        get
        {
            // Both fields move together when a run starts; reading them apart could show a drop, which
            // Prometheus would take for a counter reset.
            lock (_gate)
            {
                return _outputBytesBeforeThisRun + _outputBytesThisRun;
            }
        }
    }

    /// <summary>How long media has been advancing without interruption.</summary>
    public TimeSpan Uptime => IsStreaming && StreamingSince is { } since ? timeProvider.GetUtcNow() - since : TimeSpan.Zero;

    /// <summary>When media last moved forward in the current run.</summary>
    public DateTimeOffset? LastMediaAt { get; private set; }

    /// <summary>
    /// Media moved within <see cref="MediaFreshFor"/>. A run can stay alive while its source is silent (an
    /// RTMP server holds a player open while its publisher is gone); until the stall timeout replaces it,
    /// such a route must not read as up.
    /// </summary>
    public bool IsStreaming => State == RouteState.Running && IsFresh(LastMediaAt);

    /// <summary>Ten times ffmpeg's progress period and longer than a 1 fps rung's frame gap, yet short
    /// enough that an outage shows in the next scrape.</summary>
    public static readonly TimeSpan MediaFreshFor = TimeSpan.FromSeconds(5);

    private bool IsFresh(DateTimeOffset? at) => at is { } t && timeProvider.GetUtcNow() - t < MediaFreshFor;
}
