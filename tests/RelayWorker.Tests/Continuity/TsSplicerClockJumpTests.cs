using RelayWorker.Continuity;

namespace RelayWorker.Tests.Continuity;

/// <summary>
/// A source whose own clock jumps (a publisher returning into a session its server held starts its timestamps
/// again): the output clock must never follow it backwards, and the splicer must resume from the source's next
/// keyframe, also when the jump lies inside a GOP it replays at a cut.
/// </summary>
public sealed class TsSplicerClockJumpTests
{
    private const long Second = TsTime.TicksPerSecond;

    [Fact]
    public async Task ActiveSourceClockStartsOver_OutputContinuesFromItsNextKeyframe()
    {
        var source = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264PrimaryAsync()));
        var spliced = new SplicedOutput();
        spliced.Splicer.SwitchTo(0, seamless: false);
        var last = source[^1].At;

        // The same stream twice on one input, the second time with its clock from the start again.
        foreach (var (at, packet) in source.Concat(source.Select(a => (a.At + last + (Second / 25), a.Packet))))
        {
            spliced.Splicer.Feed(0, packet.ToArray(), at);
        }

        var dts = await spliced.ProbeDtsAsync("clock-jump.ts");
        Assert.Equal(2, spliced.Splicer.Cuts);
        Assert.True(SplicedOutput.StrictlyIncreasing(dts[0]), "video DTS must only increase");
        Assert.True(SplicedOutput.StrictlyIncreasing(dts[1]), "audio DTS must only increase");
        Assert.InRange(SplicedOutput.LargestStep(dts[0]), Second / 25, Second);
        Assert.Equal("", await spliced.DecodeErrorsAsync("clock-jump.ts"));
    }

    [Fact]
    public async Task ActiveSourceSqueezedOneTickApart_NoSqueezedAudioAndAtMostTwoSqueezedFramesReachTheOutput()
    {
        var source = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264PrimaryAsync()));
        var spliced = new SplicedOutput();
        spliced.Splicer.SwitchTo(0, seamless: false);
        var last = source[^1].At;
        foreach (var (at, packet) in source)
        {
            spliced.Splicer.Feed(0, packet.ToArray(), at);
        }

        // The same stream again as an ingest ffmpeg writes it when its source's clock went back: the clock now runs
        // from 0.8 s behind where it was, and the muxer writes every packet that would be late one tick after the
        // last of its stream, until the source's own clock has caught up.
        var lastDts = new Dictionary<int, long>();
        foreach (var (_, packet) in source)
        {
            if (TimestampOf(packet) is { } dts)
            {
                lastDts[TsPacket.Pid(packet)] = dts;
            }
        }
        var behind = lastDts[TsFixtures.VideoPid] - TsFixtures.FirstVideoDts(source.Select(a => a.Packet)) - (Second * 8 / 10);
        foreach (var (at, original) in source)
        {
            var packet = original.ToArray();
            if (TimestampOf(packet) is { } dts)
            {
                var pid = TsPacket.Pid(packet);
                var wanted = Math.Max(dts + behind, lastDts[pid] + 1);
                PesHeader.Shift(packet.AsSpan(TsPacket.PayloadOffset(packet)), wanted - dts);
                lastDts[pid] = wanted;
            }
            spliced.Splicer.Feed(0, packet, at + last + (Second / 25));
        }

        var dtsByStream = await spliced.ProbeDtsAsync("clock-squeezed.ts");
        // Two squeezed frames pass (one alone is a sloppy source's repeated timestamp); the third starts the cut over.
        Assert.InRange(StepsUnderAMillisecond(dtsByStream[0]), 1, 2);
        Assert.Equal(0, StepsUnderAMillisecond(dtsByStream[1]));
        // Once the source's own clock has caught up, its next keyframe is on air again.
        Assert.True(spliced.Splicer.Cuts >= 2, $"{spliced.Splicer.Cuts} cut(s)");
        Assert.True(dtsByStream[0].Count > source.Count(a => TsPacket.Pid(a.Packet) == TsFixtures.VideoPid && TsPacket.StartsUnit(a.Packet)),
            "nothing of the stream after the squeeze reached the output");
        // The decoder's own complaints only: the two squeezed frames that pass make the null muxer warn about their DTS.
        Assert.DoesNotContain("[h264", await spliced.DecodeErrorsAsync("clock-squeezed.ts"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActiveSourceRepeatsOneTimestamp_TheFramePassesOneTickOnAndNoCutStartsOver()
    {
        var source = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264PrimaryAsync()));
        var spliced = new SplicedOutput();
        spliced.Splicer.SwitchTo(0, seamless: false);
        // A sloppy source: one frame in the middle carries its predecessor's DTS, which its ingest moved one tick on.
        var videoStarts = source.Select((a, i) => (a, i)).Where(x => TimestampOf(x.a.Packet) is not null && TsPacket.Pid(x.a.Packet) == TsFixtures.VideoPid).ToList();
        var (previous, repeated) = (videoStarts[videoStarts.Count / 2 - 1], videoStarts[videoStarts.Count / 2]);
        var packet = repeated.a.Packet.ToArray();
        PesHeader.Shift(packet.AsSpan(TsPacket.PayloadOffset(packet)), TimestampOf(previous.a.Packet)!.Value + 1 - TimestampOf(packet)!.Value);
        source[repeated.i] = (repeated.a.At, packet);
        foreach (var (at, p) in source)
        {
            spliced.Splicer.Feed(0, p.ToArray(), at);
        }

        var dts = await spliced.ProbeDtsAsync("repeated-timestamp.ts");
        Assert.Equal(1, spliced.Splicer.Cuts);
        Assert.Equal(1, StepsUnderAMillisecond(dts[0]));
        // Every frame an unmodified copy gets (the last one is held until a next frame ends it).
        var unmodified = new SplicedOutput();
        unmodified.Splicer.SwitchTo(0, seamless: false);
        foreach (var (at, p) in SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264PrimaryAsync())))
        {
            unmodified.Splicer.Feed(0, p.ToArray(), at);
        }
        Assert.Equal((await unmodified.ProbeDtsAsync("repeated-timestamp-baseline.ts"))[0].Count, dts[0].Count);
    }

    private static int StepsUnderAMillisecond(List<long> dts) => dts.Zip(dts.Skip(1), (a, b) => b - a).Count(step => step < Second / 1000);

    private static long? TimestampOf(byte[] packet)
    {
        var offset = TsPacket.PayloadOffset(packet);
        var pid = TsPacket.Pid(packet);
        return (pid == TsFixtures.VideoPid || pid == TsFixtures.AudioPid) && TsPacket.StartsUnit(packet) && offset >= 0
            && PesHeader.TryRead(packet.AsSpan(offset), out _, out var dts) ? dts : null;
    }

    [Fact]
    public async Task LossCutAfterALongWait_TheOldSourcesUnfinishedLastFrameIsNotCountedAndTheStepStaysWithinOneSecond()
    {
        var primary = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264PrimaryAsync()));
        var backup = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264BackupAsync()));
        var spliced = new SplicedOutput();
        spliced.Splicer.SwitchTo(0, seamless: false);
        var now = 0L;
        foreach (var (at, packet) in primary.Where(a => a.At < Second))
        {
            now = at;
            spliced.Splicer.Feed(0, packet.ToArray(), now);
        }

        // The primary is lost in the middle of its stream, so its last frame never ends; the backup's first
        // keyframe arrives 3 s later, so the cut wants a 3 s step and is held to 1 s.
        spliced.Splicer.SwitchTo(1, seamless: false);
        foreach (var (at, packet) in backup)
        {
            spliced.Splicer.Feed(1, packet.ToArray(), now + (3 * Second) + at);
        }

        var dts = await spliced.ProbeDtsAsync("loss-after-wait.ts");
        Assert.True(SplicedOutput.StrictlyIncreasing(dts[0]), "video DTS must only increase");
        Assert.InRange(SplicedOutput.LargestStep(dts[0]), Second / 2, Second);
        Assert.Equal("", await spliced.DecodeErrorsAsync("loss-after-wait.ts"));
    }

    [Fact]
    public async Task FailoverReplaysAGopWithAClockJump_CutStartsOverWithoutLosingTheOutput()
    {
        var primary = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264PrimaryAsync()));
        var backup = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264BackupAsync()));
        var spliced = new SplicedOutput();
        spliced.Splicer.SwitchTo(0, seamless: false);
        var now = 0L;
        foreach (var (at, packet) in primary.Where(a => a.At < Second))
        {
            now = at;
            spliced.Splicer.Feed(0, packet.ToArray(), now);
        }
        // The standby holds the GOP from its keyframe after 0.7 s, then its clock jumps back to 0.1 s (no keyframe
        // there): the held GOP now mixes two clocks.
        var keyframe = backup.FindIndex(a => a.At >= Second * 7 / 10 && KeyframeDetector.StartsKeyframe(a.Packet, VideoCodec.H264));
        var jumpedTo = backup.FindIndex(a => a.At >= Second / 10);
        var held = backup.Skip(keyframe).TakeWhile(a => a.At < backup[keyframe].At + (Second / 10))
            .Concat(backup.Skip(jumpedTo).TakeWhile(a => a.At < Second * 2 / 10));
        Assert.True(keyframe > 0, "the fixture has a keyframe after 0.7 s");
        foreach (var (_, packet) in held)
        {
            spliced.Splicer.Feed(1, packet.ToArray(), ++now);
        }

        spliced.Splicer.SwitchTo(1, seamless: false);
        foreach (var (_, packet) in backup.Where(a => a.At >= Second * 2 / 10))
        {
            spliced.Splicer.Feed(1, packet.ToArray(), ++now);
        }

        var dts = await spliced.ProbeDtsAsync("replayed-jump.ts");
        Assert.Equal(1, spliced.Splicer.ActiveSource);
        Assert.True(SplicedOutput.StrictlyIncreasing(dts[0]), "video DTS must only increase");
        Assert.True(SplicedOutput.StrictlyIncreasing(dts[1]), "audio DTS must only increase");
        Assert.Equal("", await spliced.DecodeErrorsAsync("replayed-jump.ts"));
    }
}
