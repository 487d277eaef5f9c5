namespace RelayWorker.Supervision;

/// <summary>
/// One timer for every route's periodic check. Each route's watch loop used to arm its own one-second delay: at
/// 200 routes that is 200 timer firings and 200 separate thread-pool wake-ups a second, which cost the worker more
/// CPU than the checks themselves. Here every loop that waits for the same interval shares one pending tick, and
/// its completion wakes them in one batch. A loop that joins a tick already under way waits less than the
/// interval, never more, so no check is ever later than before.
/// </summary>
internal sealed class SupervisionTicker(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TimeSpan, Task> _pending = [];

    /// <summary>Completes at the next tick of <paramref name="interval"/>; the timer exists only while someone waits.</summary>
    public Task NextTick(TimeSpan interval)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(interval, out var tick))
            {
                tick = FireAsync(interval);
                _pending[interval] = tick;
            }
            return tick;
        }
    }

    private async Task FireAsync(TimeSpan interval)
    {
        await Task.Delay(interval, timeProvider).ConfigureAwait(false);
        lock (_gate)
        {
            _pending.Remove(interval);
        }
    }
}
