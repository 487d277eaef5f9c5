using Microsoft.Extensions.Time.Testing;
using RelayWorker.FFmpeg;
using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

public sealed class StallWatchdogTests
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan OneMillisecond = TimeSpan.FromMilliseconds(1);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void IsStalled_ArmedAtStartWithoutBlocks_StallsExactlyAfterTheTimeout()
    {
        var watchdog = new StallWatchdog(_time, StallTimeout, armedAtStart: true);
        watchdog.ChildStarted();

        _time.Advance(StallTimeout - OneMillisecond);
        Assert.False(watchdog.IsStalled);

        _time.Advance(OneMillisecond);
        Assert.True(watchdog.IsStalled);
    }

    [Fact]
    public void IsStalled_ChildNotStartedYet_NeverStalls()
    {
        // A start that waits in a queue (many routes starting at once) has not stalled: the clock starts
        // with the child.
        var watchdog = new StallWatchdog(_time, StallTimeout, armedAtStart: true);
        _time.Advance(StallTimeout * 3);
        Assert.False(watchdog.IsStalled);

        watchdog.ChildStarted();
        _time.Advance(StallTimeout - OneMillisecond);
        Assert.False(watchdog.IsStalled);
        _time.Advance(OneMillisecond);
        Assert.True(watchdog.IsStalled);
    }

    [Fact]
    public void IsStalled_OutTimeAdvancing_StaysHealthyFarBeyondTheTimeout()
    {
        var watchdog = new StallWatchdog(_time, StallTimeout, armedAtStart: true);
        watchdog.ChildStarted();

        for (var second = 1; second <= 120; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(watchdog.Observe(Block(outTimeUs: second * 1_000_000L)));
            Assert.False(watchdog.IsStalled);
        }
    }

    [Fact]
    public void IsStalled_BlocksKeepComingWithTheSameOutTime_Stalls()
    {
        var watchdog = new StallWatchdog(_time, StallTimeout, armedAtStart: true);
        watchdog.ChildStarted();
        Assert.True(watchdog.Observe(Block(outTimeUs: 5_000_000)));

        for (var second = 1; second < 15; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.False(watchdog.Observe(Block(outTimeUs: 5_000_000)));
            Assert.False(watchdog.IsStalled);
        }
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(watchdog.Observe(Block(outTimeUs: 5_000_000)));

        Assert.True(watchdog.IsStalled);
    }

    [Fact]
    public void IsStalled_OutTimeGoingBackwards_IsNoAdvance()
    {
        var watchdog = new StallWatchdog(_time, StallTimeout, armedAtStart: true);
        watchdog.ChildStarted();
        watchdog.Observe(Block(outTimeUs: 9_000_000));

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(watchdog.Observe(Block(outTimeUs: 1_000_000)));
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(watchdog.IsStalled);
    }

    [Fact]
    public void IsStalled_ListenerMode_IsNotArmedUntilTheFirstBlock()
    {
        var watchdog = new StallWatchdog(_time, StallTimeout, armedAtStart: false);

        // A listener may wait for its publisher for as long as it takes.
        _time.Advance(TimeSpan.FromHours(3));
        Assert.False(watchdog.IsStalled);

        watchdog.Observe(Block(outTimeUs: 1_000_000));
        _time.Advance(StallTimeout - OneMillisecond);
        Assert.False(watchdog.IsStalled);
        _time.Advance(OneMillisecond);
        Assert.True(watchdog.IsStalled);
    }

    [Fact]
    public void IsStalled_TotalSizeGrowingWithoutOutTime_CountsAsProgress()
    {
        var watchdog = new StallWatchdog(_time, StallTimeout, armedAtStart: true);
        watchdog.ChildStarted();

        for (var second = 1; second <= 30; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(watchdog.Observe(Block(outTimeUs: null, totalSize: second * 10_000L)));
            Assert.False(watchdog.IsStalled);
        }

        // Size stops growing: the clock runs out.
        _time.Advance(StallTimeout);
        Assert.False(watchdog.Observe(Block(outTimeUs: null, totalSize: 300_000)));
        Assert.True(watchdog.IsStalled);
    }

    [Fact]
    public void Observe_SizeGrowthAfterOutTimeWasSeen_DoesNotHideAFrozenMediaClock()
    {
        var watchdog = new StallWatchdog(_time, StallTimeout, armedAtStart: true);
        watchdog.ChildStarted();
        watchdog.Observe(Block(outTimeUs: 2_000_000, totalSize: 1_000));

        _time.Advance(TimeSpan.FromSeconds(1));

        // The muxer may keep writing padding or metadata; once out_time exists, it alone is the media clock.
        Assert.False(watchdog.Observe(Block(outTimeUs: 2_000_000, totalSize: 50_000)));
    }

    [Fact]
    public void Observe_FirstBlockBeforeAnyMedia_IsNoAdvance()
    {
        var watchdog = new StallWatchdog(_time, StallTimeout, armedAtStart: true);
        watchdog.ChildStarted();

        Assert.False(watchdog.Observe(Block(outTimeUs: 0, totalSize: 0)));
    }

    private static ProgressSnapshot Block(long? outTimeUs, long? totalSize = null) =>
        new(Frame: null, Fps: null, BitrateKbps: null, totalSize, outTimeUs, DupFrames: null, DropFrames: null, Speed: null, Ended: false);
}
