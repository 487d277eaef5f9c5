using System.Diagnostics;

namespace RelayWorker.Tests.TestSupport;

/// <summary>
/// Waits for a condition with a deadline instead of sleeping for a guessed time: the test goes on the
/// moment the condition holds and fails with a message naming what never happened.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    public static async Task True(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}.");
            }
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Probes until a value is accepted; the last value seen goes into the failure message.</summary>
    public static async Task<T> Value<T>(Func<Task<T>> probe, Func<T, bool> accept, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var value = await probe();
            if (accept(value))
            {
                return value;
            }
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}; last value: {value}");
            }
            await Task.Delay(PollInterval);
        }
    }
}
