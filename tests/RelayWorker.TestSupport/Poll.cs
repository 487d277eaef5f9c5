using System.Diagnostics;

namespace RelayWorker.TestSupport;

/// <summary>
/// The only way these fixtures wait: a condition checked repeatedly until a deadline. A fixed sleep either
/// wastes time on a fast machine or flakes on a slow one; a polled condition does neither, and no loop is unbounded.
/// </summary>
internal static class Poll
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        if (!await TryUntilAsync(condition, timeout))
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.");
        }
    }

    /// <summary>False instead of an exception when the deadline passes, for conditions a caller expects may stay false.</summary>
    public static Task<bool> TryUntilAsync(Func<bool> condition, TimeSpan timeout, TimeSpan? interval = null) =>
        TryUntilAsync(() => Task.FromResult(condition()), timeout, interval);

    public static async Task<bool> TryUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        // Monotonic: a step of the wall clock (NTP on a shared machine) must not stretch or cut a deadline.
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (await condition())
            {
                return true;
            }
            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                return false;
            }
            await Task.Delay(interval ?? Interval);
        }
    }

    /// <summary>
    /// A tight poll on a dedicated thread, for the one kind of wait whose moment is the measurement (a replacement
    /// child appearing): a 50 ms async poll would add up to 50 ms of error. Returns the monotonic time the condition held.
    /// </summary>
    public static Task<long?> SpinUntilAsync(Func<bool> condition, TimeSpan timeout) => Task.Factory.StartNew(
        () =>
        {
            var deadline = MonotonicClock.Now + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
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
