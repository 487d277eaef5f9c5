namespace RelayWorker.Status;

/// <summary>
/// The one writer of a route's <see cref="RouteSnapshot"/>. Its supervisor calls the transition methods (from
/// the supervision loop and from the child's output readers, so each change is made under a lock); readers take
/// <see cref="Snapshot"/>, an immutable value published by a single reference write.
/// </summary>
internal sealed partial class RouteStatus(string name, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private volatile RouteSnapshot _snapshot = new(name);

    // Output bytes of the current run; moved into the snapshot's running total when the next run starts.
    private long _outputBytesBeforeThisRun;

    // The current run's media clock against the wall clock, for the live-pace check.
    private readonly MediaClockRate _mediaClock = new(timeProvider, RouteSnapshot.RateWindow);

    public string Name { get; } = name;

    /// <summary>The latest published state; read it once per request, scrape or check.</summary>
    public RouteSnapshot Snapshot => _snapshot;

    public RouteState State => _snapshot.State;

    public bool IsStreaming => _snapshot.IsStreamingAt(timeProvider.GetUtcNow());

    public TimeSpan Uptime => _snapshot.UptimeAt(timeProvider.GetUtcNow());

    private void Update(Func<RouteSnapshot, RouteSnapshot> change)
    {
        lock (_gate)
        {
            var before = _snapshot;
            _snapshot = change(before);
            // Under the lock, so an observer sees every route's changes in the order they were made.
            Changed?.Invoke(before, _snapshot);
        }
    }
}
