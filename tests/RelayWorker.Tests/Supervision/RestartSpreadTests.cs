using Microsoft.Extensions.Time.Testing;
using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

public sealed class RestartSpreadTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Apply_LoneFailures_AddNothing()
    {
        var spread = new RestartSpread(_time, () => 1.0);

        var delays = Enumerable.Range(0, RestartSpread.LoneFailures).Select(_ => spread.Apply(TimeSpan.Zero)).ToList();

        Assert.All(delays, d => Assert.Equal(TimeSpan.Zero, d));
    }

    [Fact]
    public void Apply_BurstOf200_SpreadsEachRestartOverUpTo10Seconds()
    {
        var spread = new RestartSpread(_time, () => 0.995);

        var delays = Enumerable.Range(0, 200).Select(_ => spread.Apply(TimeSpan.Zero)).ToList();

        // The 200th failure of the burst may wait up to 200 × 50 ms; a draw of 0.995 gives 9.95 s.
        Assert.Equal(TimeSpan.FromMilliseconds(9950), delays[^1]);
        Assert.Equal(TimeSpan.FromMilliseconds(0.995 * 50 * (RestartSpread.LoneFailures + 1)), delays[RestartSpread.LoneFailures]);
        Assert.True(delays.Skip(RestartSpread.LoneFailures).All(d => d > TimeSpan.Zero));
        Assert.True(delays.Max() <= TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Apply_BurstOver_NextLoneFailureRestartsAtOnce()
    {
        var spread = new RestartSpread(_time, () => 1.0);
        for (var i = 0; i < 50; i++)
        {
            spread.Apply(TimeSpan.Zero);
        }

        _time.Advance(RestartSpread.Window + TimeSpan.FromMilliseconds(1));

        Assert.Equal(TimeSpan.Zero, spread.Apply(TimeSpan.Zero));
    }

    [Fact]
    public void Apply_BackoffDelay_IsKeptAndSpreadOnTop()
    {
        var spread = new RestartSpread(_time, () => 0.5);
        for (var i = 0; i < 9; i++)
        {
            spread.Apply(TimeSpan.Zero);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(1000 + 250), spread.Apply(TimeSpan.FromSeconds(1)));
    }
}
