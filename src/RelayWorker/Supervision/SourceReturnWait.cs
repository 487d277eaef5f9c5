namespace RelayWorker.Supervision;

/// <summary>
/// How a route whose source ffmpeg reaches over TCP waits between failed runs. The exponential backoff alone let a
/// source that was away for a while wait up to MaxDelay (30 s) more after it came back, and for a short outage it
/// started ffmpeg five times in 8 s against a refusing server (BENCHMARKS.md §5). Here no two starts come less than
/// <see cref="MinStartSpacing"/> apart, and the server is asked every <see cref="ProbeInterval"/> whether it accepts
/// connections: once it does again after a refusal, or when the last run had waited long (a player that nginx-rtmp
/// kept waiting for an absent publisher, without media; a new one waits the same way), ffmpeg starts at once instead of at the end of
/// the backoff. A server that accepts while ffmpeg keeps failing at once (a wrong path) gets the plain backoff.
/// One instance per route; used by one supervision loop at a time.
/// </summary>
internal sealed class SourceReturnWait(ISourceProbe probe, System.Net.DnsEndPoint server, TimeProvider timeProvider)
{
    /// <summary>Starts after a failure are at least this far apart, so an outage costs at most one ffmpeg start per this long.</summary>
    public static readonly TimeSpan MinStartSpacing = TimeSpan.FromSeconds(2);

    /// <summary>How often the server is asked while the route waits.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(500);

    private bool _refusedSinceMedia;
    private bool _lastWaitEndedEarly;

    /// <summary>Why a wait ended.</summary>
    public enum Ending
    {
        DelayOver,
        ServerAccepts,
    }

    /// <summary>The delay to announce and to wait at most: the backoff's, but never less than the start spacing.</summary>
    public static TimeSpan Planned(TimeSpan backoffDelay) => backoffDelay > MinStartSpacing ? backoffDelay : MinStartSpacing;

    /// <summary>A run that moved media proves the server was there: refusals before it say nothing about the next outage.</summary>
    public void RunStreamed() => _refusedSinceMedia = false;

    /// <param name="planned">The whole delay, from <see cref="Planned"/>.</param>
    /// <param name="lastRunLived">How long the failed run's ffmpeg lived: a start was that long ago.</param>
    /// <param name="lastRunHadMedia">Whether the failed run moved media: then it did not fail waiting for its source.</param>
    /// <param name="notBefore">No early start before this much of the wait (the share of a many-route restart spread).</param>
    /// <param name="stop">The route is stopping.</param>
    public async Task<Ending> WaitAsync(TimeSpan planned, TimeSpan lastRunLived, bool lastRunHadMedia, TimeSpan notBefore, CancellationToken stop)
    {
        if (_lastWaitEndedEarly && lastRunLived < MinStartSpacing)
        {
            // The server accepted, yet ffmpeg failed at once: what fails is not the server being away.
            _refusedSinceMedia = false;
        }
        _lastWaitEndedEarly = false;
        // A run that waited long without media was kept waiting for its source; one that failed after media (a
        // destination that refuses) is no reason to start again early.
        var waitedLong = lastRunLived >= MinStartSpacing && !lastRunHadMedia;
        var earliest = TimeSpan.FromTicks(Math.Max(notBefore.Ticks, (MinStartSpacing - lastRunLived).Ticks));
        var began = timeProvider.GetTimestamp();
        // Bounded in time (the plan) and in passes: one for the start spacing, one per probe, one for the remainder.
        var passes = (int)Math.Min(int.MaxValue - 3, planned.Ticks / ProbeInterval.Ticks) + 3;
        for (var pass = 0; pass < passes; pass++)
        {
            var elapsed = timeProvider.GetElapsedTime(began);
            // Timers count whole milliseconds: a smaller remainder would fire at once without time moving on.
            if (planned - elapsed < TimeSpan.FromMilliseconds(1))
            {
                return Ending.DelayOver;
            }
            if (elapsed >= earliest)
            {
                if (!await probe.AcceptsAsync(server, stop))
                {
                    _refusedSinceMedia = true;
                }
                else if (_refusedSinceMedia || waitedLong)
                {
                    _lastWaitEndedEarly = true;
                    return Ending.ServerAccepts;
                }
                elapsed = timeProvider.GetElapsedTime(began);
            }
            var untilNext = elapsed < earliest ? earliest - elapsed : ProbeInterval;
            var pause = TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(Math.Min(untilNext.TotalMilliseconds, (planned - elapsed).TotalMilliseconds))));
            await Task.Delay(pause, timeProvider, stop);
        }
        return Ending.DelayOver;
    }
}
