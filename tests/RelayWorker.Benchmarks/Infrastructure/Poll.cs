namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>Bounded waits: a condition checked until a deadline, never an unbounded loop.</summary>
internal static class Poll
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(interval ?? Interval);
        }
        return true;
    }

    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(Interval);
        }
        return true;
    }

    public static async Task RequireAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        if (!await UntilAsync(condition, timeout))
        {
            throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}");
        }
    }

    /// <summary>
    /// A tight poll on a dedicated thread, for the one wait whose moment is the measurement (a replacement child
    /// appearing): a 50 ms async poll would add up to 50 ms of error. Returns the monotonic time the condition held.
    /// </summary>
    public static Task<long?> SpinUntilAsync(Func<bool> condition, TimeSpan timeout) => Task.Factory.StartNew(
        () =>
        {
            var deadline = MonotonicClock.Now + (long)(timeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
            while (MonotonicClock.Now < deadline)
            {
                if (condition())
                {
                    return (long?)MonotonicClock.Now;
                }
                Thread.Sleep(1);
            }
            return null;
        },
        CancellationToken.None,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default);
}
