using System.Collections.Immutable;
using RelayWorker.FFmpeg;

namespace RelayWorker.Status;

internal sealed partial class RouteStatus
{
    // The allowed moves of the state machine; anything else is a supervisor bug, so it throws.
    private static readonly Dictionary<RouteState, RouteState[]> Allowed = new()
    {
        [RouteState.Stopped] = [RouteState.Queued, RouteState.Starting, RouteState.Disabled, RouteState.Stopped, RouteState.BackingOff],
        // Disabled -> BackingOff: a re-enabled route whose ffmpeg cannot even start goes straight to waiting.
        [RouteState.Disabled] = [RouteState.Queued, RouteState.Starting, RouteState.Stopped, RouteState.Disabled, RouteState.BackingOff],
        [RouteState.Queued] = [RouteState.Starting, RouteState.Stopped],
        [RouteState.Starting] = [RouteState.Running, RouteState.Stalled, RouteState.BackingOff, RouteState.Stopped],
        [RouteState.Running] = [RouteState.Stalled, RouteState.BackingOff, RouteState.Stopped],
        [RouteState.Stalled] = [RouteState.BackingOff, RouteState.Stopped],
        // BackingOff -> BackingOff: the process could not even be started, so no Starting came between.
        [RouteState.BackingOff] = [RouteState.Queued, RouteState.Starting, RouteState.Stopped, RouteState.BackingOff],
        // Conditions of a running route shown to readers; the route itself never moves there.
        [RouteState.Frozen] = [],
        [RouteState.Slow] = [],
    };

    public static bool CanMove(RouteState from, RouteState to) => Allowed[from].Contains(to);

    private RouteSnapshot Moved(RouteSnapshot s, RouteState to) => CanMove(s.State, to)
        ? s with { State = to }
        : throw new InvalidOperationException($"route {Name}: {s.State} -> {to} is not a valid transition");

    /// <summary>
    /// A run is about to launch its child. Called before the process exists, so that whatever the child's
    /// output readers report (they may run before the launcher returns) lands on this run.
    /// </summary>
    public void RunQueued(string reason) => Update(s => Moved(s, RouteState.Queued) with
    {
        StateReason = reason,
        ChildProcessId = null,
        StreamingSince = null,
        CurrentBackoff = null,
    });

    public void RunStarting(int destinationCount) => Update(s =>
    {
        _outputBytesBeforeThisRun = s.OutputBytes;
        _mediaClock.Clear();
        return Moved(s, RouteState.Starting) with
        {
            DestinationViews = [.. Enumerable.Repeat(DestinationView.Connecting, destinationCount)],
            ChildProcessId = null,
            RunStartedAt = timeProvider.GetUtcNow(),
            StateReason = "ffmpeg is starting: connecting, probing the source, waiting for its first media",
            StreamingSince = null,
            LastMediaAt = null,
            CurrentBackoff = null,
            Progress = null,
            MediaRate = null,
        };
    });

    /// <summary>The child of the current run exists.</summary>
    public void ChildStarted(int processId) => Update(s => s with { ChildProcessId = processId });

    /// <summary>A progress block arrived; advanced says out_time moved forward.</summary>
    public void ProgressReceived(ProgressSnapshot progress, bool advanced) => Update(s =>
    {
        var now = timeProvider.GetUtcNow();
        var updated = s with
        {
            Progress = progress,
            MediaRate = progress.OutTimeMicroseconds is { } outTime && s.FreshFor <= RouteSnapshot.MediaFreshFor
                ? _mediaClock.Rate(timeProvider.GetTimestamp(), outTime)
                : s.MediaRate,
            // ffmpeg's total_size counts this run only; the route's counter never goes down.
            OutputBytes = progress.TotalSizeBytes is { } size ? Math.Max(s.OutputBytes, _outputBytesBeforeThisRun + size) : s.OutputBytes,
        };
        if (!advanced)
        {
            return updated;
        }
        updated = updated with
        {
            // Uptime counts from the start of the current unbroken stretch of media.
            StreamingSince = s.State == RouteState.Starting || !(s.LastMediaAt is { } last && now - last < s.FreshFor) ? now : s.StreamingSince,
            LastMediaAt = now,
        };
        return s.State == RouteState.Starting ? Moved(updated, RouteState.Running) : updated;
    });

    /// <summary>The current run's destinations changed state; the views are copied by value.</summary>
    public void DestinationsChanged(ImmutableArray<DestinationView> views) => Update(s => s with { DestinationViews = views });

    public void MarkStalled() => Update(s => Moved(s, RouteState.Stalled));

    public void ChildExited(int? exitCode, string? lastError) => Update(s => s with
    {
        LastExitCode = exitCode,
        LastError = lastError ?? s.LastError,
        ChildProcessId = null,
        StreamingSince = null,
    });

    public void BackingOff(string reason, TimeSpan delay) => Update(s => Moved(s, RouteState.BackingOff) with
    {
        CurrentBackoff = delay,
        Restarts = Counted(s.Restarts, reason),
    });

    public void CountRestart(string reason) => Update(s => s with { Restarts = Counted(s.Restarts, reason) });

    public void Stopped() => Update(s => Moved(s, RouteState.Stopped) with { ChildProcessId = null, CurrentBackoff = null });

    public void Disabled() => Update(s => Moved(s, RouteState.Disabled));

    private static ImmutableDictionary<string, long> Counted(ImmutableDictionary<string, long> restarts, string reason) =>
        restarts.SetItem(reason, restarts.GetValueOrDefault(reason) + 1);
}
