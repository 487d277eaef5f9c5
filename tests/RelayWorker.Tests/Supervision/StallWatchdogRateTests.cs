using Microsoft.Extensions.Time.Testing;
using RelayWorker.FFmpeg;
using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

/// <summary>The pace rule: media time must keep up with at least half the wall clock.</summary>
public sealed class StallWatchdogRateTests
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan BlockPeriod = TimeSpan.FromMilliseconds(500);
    private readonly FakeTimeProvider _time = new();

    private static ProgressSnapshot Block(long outTimeMicroseconds) =>
        new(null, null, null, 1000, outTimeMicroseconds, null, null, null, Ended: false);

    [Fact]
    public void IsStalled_FrozenClockCreepingOneTickPerBlock_StallsAfterTheTimeout()
    {
        var watchdog = new StallWatchdog(_time, StallTimeout, armedAtStart: true);
        watchdog.ChildStarted();
        var outTime = 60_000_000L;
        Assert.True(watchdog.Observe(Block(outTime)));

        // After a source flap, ffmpeg writes each packet one 90 kHz tick after the last: out_time creeps.
        var elapsed = TimeSpan.Zero;
        while (elapsed < StallTimeout - BlockPeriod)
        {
            _time.Advance(BlockPeriod);
            elapsed += BlockPeriod;
            outTime += 11;
            Assert.False(watchdog.Observe(Block(outTime)), $"a creep of 11 µs counted as media at {elapsed}");
            Assert.False(watchdog.IsStalled);
        }
        _time.Advance(BlockPeriod);

        Assert.True(watchdog.IsStalled);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.6)]
    [InlineData(3.0)]
    public void IsStalled_MediaAtOrAboveHalfSpeed_NeverStalls(double speed)
    {
        var watchdog = new StallWatchdog(_time, StallTimeout, armedAtStart: true);
        watchdog.ChildStarted();
        var outTime = 0L;
        for (var block = 0; block < 120; block++)
        {
            _time.Advance(BlockPeriod);
            outTime += (long)(BlockPeriod.TotalMicroseconds * speed);
            Assert.True(watchdog.Observe(Block(outTime)));
        }

        Assert.False(watchdog.IsStalled);
        Assert.Equal(BlockPeriod * 119, watchdog.StreamedFor);
    }

    [Fact]
    public void Observe_OneFpsSourceAdvancingInWholeSeconds_CountsEachStepAndDoesNotStall()
    {
        var watchdog = new StallWatchdog(_time, StallTimeout, armedAtStart: true);
        watchdog.ChildStarted();
        var advances = 0;
        for (var block = 1; block <= 60; block++)
        {
            _time.Advance(BlockPeriod);
            // A 1 fps video-only rung: out_time moves a whole second every other block.
            if (watchdog.Observe(Block((block / 2) * 1_000_000L)))
            {
                advances++;
            }
        }

        Assert.Equal(30, advances);
        Assert.False(watchdog.IsStalled);
    }
}
