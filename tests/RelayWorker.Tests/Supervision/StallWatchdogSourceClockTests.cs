using Microsoft.Extensions.Time.Testing;
using RelayWorker.FFmpeg;
using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

/// <summary>The source-clock rule: blocks that keep coming while out_time stands still mean the source's clock stopped.</summary>
public sealed class StallWatchdogSourceClockTests
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan BlockPeriod = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new();
    private long _outTime;

    private static ProgressSnapshot Block(long outTimeMicroseconds) =>
        new(null, null, null, 1000, outTimeMicroseconds, null, null, null, Ended: false);

    private StallWatchdog Streaming(bool watchesSourceClock = true, int seconds = 10)
    {
        var watchdog = new StallWatchdog(_time, StallTimeout, armedAtStart: true, watchesSourceClock: watchesSourceClock);
        watchdog.ChildStarted();
        for (var i = 0; i < seconds; i++)
        {
            NextBlock(watchdog, BlockPeriod);
        }
        return watchdog;
    }

    private bool NextBlock(StallWatchdog watchdog, TimeSpan gain, TimeSpan? wall = null)
    {
        _time.Advance(wall ?? BlockPeriod);
        _outTime += (long)gain.TotalMicroseconds;
        return watchdog.Observe(Block(_outTime));
    }

    [Fact]
    public void Verdict_PublisherReturnsIntoAHeldSession_FrozenAtTheSecondStillBlock()
    {
        var watchdog = Streaming();

        // Measured with nginx-rtmp and ffmpeg 5.1: no block while the publisher is away (6 s), then a block with what
        // was written before the outage (0.64 s over 7 s of wall time), then blocks one a second whose out_time creeps
        // by half a millisecond.
        NextBlock(watchdog, TimeSpan.FromMilliseconds(640), wall: TimeSpan.FromSeconds(7));
        Assert.Equal(StallVerdict.None, watchdog.Verdict);
        Assert.False(watchdog.Frozen.IsCompleted);
        NextBlock(watchdog, TimeSpan.FromMicroseconds(544));

        Assert.Equal(StallVerdict.Frozen, watchdog.Verdict);
        Assert.True(watchdog.Frozen.IsCompleted);
    }

    [Fact]
    public void Verdict_OneStillBlockAndABackwardsTimestampWarning_FrozenAtOnce()
    {
        var watchdog = Streaming();
        NextBlock(watchdog, TimeSpan.FromMilliseconds(640), wall: TimeSpan.FromSeconds(7));
        Assert.Equal(StallVerdict.None, watchdog.Verdict);

        // ffmpeg 5.1's demuxer: "DTS 21 < 7741 out of order", then "Non-monotonous DTS" for every packet.
        watchdog.TimestampsWentBack();

        Assert.Equal(StallVerdict.Frozen, watchdog.Verdict);
        Assert.True(watchdog.Frozen.IsCompleted);
    }

    [Fact]
    public void Verdict_BackwardsWarningsWhileMediaAdvances_NeverFrozen()
    {
        var watchdog = Streaming();
        for (var i = 0; i < 30; i++)
        {
            // A source with the odd reordered packet: ffmpeg warns, but out_time keeps pace.
            watchdog.TimestampsWentBack();
            Assert.True(NextBlock(watchdog, BlockPeriod));
        }

        Assert.Equal(StallVerdict.None, watchdog.Verdict);
        Assert.False(watchdog.Frozen.IsCompleted);
    }

    [Fact]
    public void Verdict_SourcePausesAndResumesWithItsClockRunning_NotFrozen()
    {
        var watchdog = Streaming();

        // An encoder that hiccups for 3 s: the first block after it shows little, the next ones run at 1x again.
        NextBlock(watchdog, TimeSpan.FromMilliseconds(40), wall: TimeSpan.FromSeconds(3));
        for (var i = 0; i < 10; i++)
        {
            NextBlock(watchdog, BlockPeriod);
            Assert.Equal(StallVerdict.None, watchdog.Verdict);
        }

        Assert.False(watchdog.Frozen.IsCompleted);
    }

    [Fact]
    public void Verdict_StillBlocksBeforeFirstMedia_LeftToTheStartDeadline()
    {
        // A run that has not had media yet (a listener waiting for its caller, a player waiting for a publisher) may
        // print blocks with out_time 0 for as long as it waits.
        var watchdog = new StallWatchdog(_time, StallTimeout, armedAtStart: false, watchesSourceClock: true);
        watchdog.ChildStarted();
        for (var i = 0; i < 60; i++)
        {
            _time.Advance(BlockPeriod);
            watchdog.Observe(Block(0));
            watchdog.TimestampsWentBack();
        }

        Assert.NotEqual(StallVerdict.Frozen, watchdog.Verdict);
        Assert.False(watchdog.Frozen.IsCompleted);
    }

    [Fact]
    public void Verdict_BurstySourceNotWatched_StillBlocksLeftToTheStallTimeout()
    {
        // An HLS source: ffmpeg's clock jumps a segment at a time, so a still block proves nothing.
        var watchdog = Streaming(watchesSourceClock: false);
        for (var i = 0; i < 5; i++)
        {
            NextBlock(watchdog, TimeSpan.Zero);
            watchdog.TimestampsWentBack();
        }

        Assert.Equal(StallVerdict.None, watchdog.Verdict);
        Assert.False(watchdog.Frozen.IsCompleted);
    }

    [Fact]
    public void Verdict_SilentSourceWithoutBlocks_IsAStallAfterTheTimeoutNotFrozen()
    {
        var watchdog = Streaming();

        _time.Advance(StallTimeout);

        Assert.Equal(StallVerdict.Stalled, watchdog.Verdict);
    }

    [Theory]
    [InlineData("Non-monotonous DTS in output stream 0:1; previous: 518385, current: -178560; changing to 518386. This may result in incorrect timestamps in the output file.", true)]
    [InlineData("DTS 21 < 7741 out of order", true)]
    [InlineData("Non-monotonic DTS; previous: 10, current: 5; changing to 11.", true)]
    [InlineData("frame=  250 fps= 25 q=-1.0 size=    1024kB time=00:00:10.00 bitrate= 838.9kbits/s speed=   1x", false)]
    [InlineData("Packet corrupt (stream = 0, dts = 1234)", false)]
    public void SaysTimestampsWentBack_FfmpegLines(string line, bool expected) =>
        Assert.Equal(expected, StallWatchdog.SaysTimestampsWentBack(line));
}
