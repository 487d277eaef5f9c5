using Microsoft.Extensions.Time.Testing;
using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

public sealed class SupervisionTickerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact(Timeout = 5_000)]
    public async Task NextTick_ManyWaiters_ShareOneTickThatWakesThemAll()
    {
        var time = new FakeTimeProvider();
        var ticker = new SupervisionTicker(time);

        var waiters = Enumerable.Range(0, 200).Select(_ => ticker.NextTick(Second)).ToList();

        _ = Assert.Single(waiters.Distinct());
        time.Advance(Second);
        await Task.WhenAll(waiters);
    }

    [Fact(Timeout = 5_000)]
    public async Task NextTick_AfterATick_ArmsAFreshOne()
    {
        var time = new FakeTimeProvider();
        var ticker = new SupervisionTicker(time);
        var first = ticker.NextTick(Second);
        time.Advance(Second);
        await first;

        var second = ticker.NextTick(Second);

        Assert.NotSame(first, second);
        Assert.False(second.IsCompleted);
        time.Advance(Second);
        await second;
    }

    [Fact]
    public void NextTick_DifferentIntervals_TickApart()
    {
        var time = new FakeTimeProvider();
        var ticker = new SupervisionTicker(time);
        var fast = ticker.NextTick(TimeSpan.FromMilliseconds(250));
        var slow = ticker.NextTick(Second);

        time.Advance(TimeSpan.FromMilliseconds(250));

        Assert.True(SpinWait.SpinUntil(() => fast.IsCompleted, TimeSpan.FromSeconds(2)));
        Assert.False(slow.IsCompleted);
    }
}
