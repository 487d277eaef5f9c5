namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// The only way these fixtures wait: a condition checked repeatedly until a deadline. A fixed sleep either
/// wastes time on a fast machine or flakes on a slow one; a polled condition does neither.
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

    /// <summary>False instead of an exception when the deadline passes, for conditions a test expects to stay false.</summary>
    public static Task<bool> TryUntilAsync(Func<bool> condition, TimeSpan timeout) =>
        TryUntilAsync(() => Task.FromResult(condition()), timeout);

    public static async Task<bool> TryUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return true;
            }
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(Interval);
        }
    }
}
