using RelayWorker.Configuration;
using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

public sealed class RestartBackoffTests
{
    private static readonly RestartOptions Defaults = new();

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void DelayFor_FirstRestart_IsImmediate(double jitter)
    {
        Assert.Equal(TimeSpan.Zero, RestartBackoff.DelayFor(0, Defaults, jitter));
    }

    [Theory]
    // With the defaults (250 ms initial, 30 s cap): jitter 0 gives half the delay, jitter 1 all of it.
    [InlineData(1, 0.0, 125)]
    [InlineData(1, 0.5, 187.5)]
    [InlineData(1, 1.0, 250)]
    [InlineData(2, 0.0, 250)]
    [InlineData(2, 1.0, 500)]
    [InlineData(3, 1.0, 1000)]
    [InlineData(4, 1.0, 2000)]
    [InlineData(7, 1.0, 16000)]
    [InlineData(8, 1.0, 30000)]
    [InlineData(8, 0.0, 15000)]
    [InlineData(100, 1.0, 30000)]
    [InlineData(int.MaxValue, 1.0, 30000)]
    // Jitter outside [0, 1] is clamped, never negative and never above the exponential delay.
    [InlineData(1, -3.0, 125)]
    [InlineData(1, 7.0, 250)]
    public void DelayFor_ShortRuns_DoubleFromInitialDelayUpToMaxDelayWithJitter(int shortRuns, double jitter, double expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), RestartBackoff.DelayFor(shortRuns, Defaults, jitter));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.37)]
    [InlineData(1.0)]
    public void DelayFor_ConsecutiveShortRuns_DoublesUntilTheCap(double jitter)
    {
        var options = new RestartOptions { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(10) };

        for (var n = 1; n < 7; n++)
        {
            Assert.Equal(RestartBackoff.DelayFor(n, options, jitter) * 2, RestartBackoff.DelayFor(n + 1, options, jitter));
        }
    }

    [Fact]
    public void DelayFor_AnyRunCount_StaysWithinHalfAndAllOfTheCappedDelay()
    {
        var options = new RestartOptions { InitialDelay = TimeSpan.FromMilliseconds(250), MaxDelay = TimeSpan.FromSeconds(30) };

        for (var n = 1; n < 40; n++)
        {
            var ceiling = Math.Min(250 * Math.Pow(2, n - 1), 30000);
            Assert.InRange(RestartBackoff.DelayFor(n, options, 0.0).TotalMilliseconds, ceiling / 2, ceiling);
            Assert.InRange(RestartBackoff.DelayFor(n, options, 1.0).TotalMilliseconds, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void NextDelay_ShortRuns_BackOffThenAStableRunStartsOver()
    {
        var backoff = new RestartBackoff(Defaults, () => 1.0);
        var shortRun = TimeSpan.FromSeconds(2);

        var delays = new[] { backoff.NextDelay(shortRun), backoff.NextDelay(shortRun), backoff.NextDelay(shortRun), backoff.NextDelay(shortRun) };
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)], delays);
        Assert.Equal(4, backoff.ConsecutiveShortRuns);

        Assert.Equal(TimeSpan.Zero, backoff.NextDelay(Defaults.StableAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(250), backoff.NextDelay(shortRun));
    }

    [Fact]
    public void NextDelay_RunShorterThanProvenWorking_KeepsBackingOff()
    {
        var backoff = new RestartBackoff(Defaults, () => 1.0);
        backoff.NextDelay(TimeSpan.Zero);
        backoff.NextDelay(TimeSpan.Zero);

        var delay = backoff.NextDelay(RestartBackoff.ProvenWorking - TimeSpan.FromMilliseconds(1));

        Assert.Equal(TimeSpan.FromMilliseconds(500), delay);
    }

    [Fact]
    public void NextDelay_RunThatStreamedProvenWorkingButNotStableAfter_RestartsAtOnceAndKeepsTheCount()
    {
        var backoff = new RestartBackoff(Defaults, () => 1.0);
        backoff.NextDelay(TimeSpan.Zero);
        backoff.NextDelay(TimeSpan.Zero);

        var afterWorkingRun = backoff.NextDelay(RestartBackoff.ProvenWorking);
        var afterNextFailure = backoff.NextDelay(TimeSpan.Zero);

        Assert.Equal(TimeSpan.Zero, afterWorkingRun);
        // The working run neither reset nor advanced the schedule: the next failure continues it.
        Assert.Equal(TimeSpan.FromMilliseconds(500), afterNextFailure);
    }

    [Fact]
    public void NextDelay_UsesTheJitterSource()
    {
        var jitters = new Queue<double>([0.0, 0.0, 1.0]);
        var backoff = new RestartBackoff(Defaults, jitters.Dequeue);

        backoff.NextDelay(TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromMilliseconds(125), backoff.NextDelay(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(500), backoff.NextDelay(TimeSpan.Zero));
    }
}
