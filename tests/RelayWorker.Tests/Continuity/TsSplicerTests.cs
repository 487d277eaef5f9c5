using RelayWorker.Continuity;

namespace RelayWorker.Tests.Continuity;

public sealed class TsSplicerTests
{
    private const long Frame = TsTime.TicksPerSecond / 25;

    [Fact]
    public async Task Failover_FromALostPrimary_StartsAtOnceFromTheBackupsLatestGop()
    {
        var primary = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264PrimaryAsync()));
        var backup = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264BackupAsync()));
        var spliced = new SplicedOutput();
        spliced.Splicer.SwitchTo(0, seamless: false);
        var lostAt = TsTime.TicksPerSecond + (Frame / 2);
        var switched = false;

        spliced.Play(primary, backup, at =>
        {
            // The route notices the loss a little later and switches while the backup is mid-GOP.
            if (!switched && at >= lostAt + (3 * Frame))
            {
                switched = true;
                spliced.Splicer.SwitchTo(1, seamless: false);
                Assert.Equal(1, spliced.Splicer.ActiveSource);
            }
        }, primaryLostAt: lostAt);

        var dts = await spliced.ProbeDtsAsync("failover.ts");
        Assert.Equal(2, spliced.Splicer.Cuts);
        Assert.True(SplicedOutput.StrictlyIncreasing(dts[0]), "video DTS must only increase");
        Assert.True(SplicedOutput.StrictlyIncreasing(dts[1]), "audio DTS must only increase");
        Assert.InRange(SplicedOutput.LargestStep(dts[0]), Frame, TsTime.TicksPerSecond / 2);
        Assert.Empty(spliced.ContinuityBreaks());
        Assert.Equal("", await spliced.DecodeErrorsAsync("failover.ts"));
    }

    [Fact]
    public async Task SeamlessSwitches_BetweenTwoLiveSources_KeepOneFrameCadenceAndDecodeCleanly()
    {
        var primary = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264PrimaryAsync()));
        var backup = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264BackupAsync()));
        var spliced = new SplicedOutput();
        spliced.Splicer.SwitchTo(0, seamless: false);
        var requests = new Queue<(long At, int To)>([(TsTime.TicksPerSecond * 8 / 10, 1), (TsTime.TicksPerSecond * 19 / 10, 0)]);

        spliced.Play(primary, backup, at =>
        {
            if (requests.Count > 0 && at >= requests.Peek().At)
            {
                spliced.Splicer.SwitchTo(requests.Dequeue().To, seamless: true);
            }
        });

        var dts = await spliced.ProbeDtsAsync("seamless.ts");
        Assert.Equal(3, spliced.Splicer.Cuts);
        Assert.Equal(0, spliced.Splicer.ActiveSource);
        Assert.True(SplicedOutput.StrictlyIncreasing(dts[0]), "video DTS must only increase");
        Assert.True(SplicedOutput.StrictlyIncreasing(dts[1]), "audio DTS must only increase");
        // Both sources were live: a cut costs at most the frame it waited for, never a gap.
        Assert.InRange(SplicedOutput.LargestStep(dts[0]), Frame, 2 * Frame);
        Assert.Empty(spliced.ContinuityBreaks());
        Assert.Equal("", await spliced.DecodeErrorsAsync("seamless.ts"));
    }

    [Fact]
    public async Task Switch_ToASourceJoinedMidGop_WaitsForItsKeyframeAndDropsTheBacklog()
    {
        var primary = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264PrimaryAsync()));
        // The backup is first heard mid-GOP, after the switch was asked for: no GOP of it is held yet.
        var backup = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264BackupAsync()))
            .Where(a => a.At >= TsTime.TicksPerSecond + (3 * Frame)).ToList();
        var spliced = new SplicedOutput();
        spliced.Splicer.SwitchTo(0, seamless: false);
        var lostAt = TsTime.TicksPerSecond;
        var switched = false;
        long cutAt = -1;

        spliced.Play(primary, backup, at =>
        {
            if (!switched && at >= lostAt)
            {
                switched = true;
                spliced.Splicer.SwitchTo(1, seamless: false);
                Assert.Equal(1, spliced.Splicer.PendingSource);
            }
            if (cutAt < 0 && spliced.Splicer.ActiveSource == 1)
            {
                cutAt = at;
            }
        }, primaryLostAt: lostAt);

        // Keyframes every 10 frames: the next after frame 28 is frame 30.
        Assert.Equal(30 * Frame, cutAt - (cutAt % Frame));
        var dts = await spliced.ProbeDtsAsync("midgop.ts");
        Assert.True(SplicedOutput.StrictlyIncreasing(dts[0]));
        Assert.True(SplicedOutput.StrictlyIncreasing(dts[1]));
        Assert.Empty(spliced.ContinuityBreaks());
        Assert.Equal("", await spliced.DecodeErrorsAsync("midgop.ts"));
    }

    [Fact]
    public async Task OutputClock_FollowsTheWallClockAcrossAGap()
    {
        var primary = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264PrimaryAsync()));
        // The backup is heard from 1.5 s on (its next keyframe comes at about 1.55 s); the primary is lost at 1 s.
        var backup = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264BackupAsync()))
            .Where(a => a.At >= TsTime.TicksPerSecond * 15 / 10).ToList();
        var spliced = new SplicedOutput();
        spliced.Splicer.SwitchTo(0, seamless: false);
        var switched = false;
        long lastVideoAt = 0;

        spliced.Play(primary, backup, at =>
        {
            lastVideoAt = at;
            if (!switched && at >= TsTime.TicksPerSecond)
            {
                switched = true;
                spliced.Splicer.SwitchTo(1, seamless: false);
            }
        }, primaryLostAt: TsTime.TicksPerSecond);

        // The output clock jumps by the wall time without media, so from the first frame to the last it covers
        // the same time as the wall clock did: no latency is lost or added.
        var dts = await spliced.ProbeDtsAsync("gap.ts");
        var span = dts[0][^1] - dts[0][0];
        // The last frame of a stream is held until the next one starts: it never comes, hence up to a frame less.
        Assert.InRange(span, lastVideoAt - (4 * Frame), lastVideoAt + (2 * Frame));
        Assert.InRange(SplicedOutput.LargestStep(dts[0]), TsTime.TicksPerSecond * 4 / 10, TsTime.TicksPerSecond * 7 / 10);
        Assert.Equal("", await spliced.DecodeErrorsAsync("gap.ts"));
    }

    [Fact]
    public async Task Failover_AfterAnIngestDiedMidFrame_NeverSendsTheCutFrame()
    {
        var lostAt = TsTime.TicksPerSecond + (Frame / 2);
        var primary = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264PrimaryAsync()))
            .Where(a => a.At < lostAt).ToList();
        // The dying ingest wrote only the first packet of its last video frame.
        var lastFrameStart = primary.FindLastIndex(a => TsPacket.Pid(a.Packet) == TsFixtures.VideoPid && TsPacket.StartsUnit(a.Packet));
        primary = [.. primary.Where((a, i) => i <= lastFrameStart || TsPacket.Pid(a.Packet) != TsFixtures.VideoPid)];
        var backup = SplicedOutput.Arrivals(TsFixtures.Packets(await TsFixtures.H264BackupAsync()));
        var spliced = new SplicedOutput();
        spliced.Splicer.SwitchTo(0, seamless: false);
        var switched = false;

        spliced.Play(primary, backup, at =>
        {
            if (!switched && at >= lostAt + (3 * Frame))
            {
                switched = true;
                spliced.Splicer.SwitchTo(1, seamless: false);
            }
        });

        Assert.Equal(1, spliced.Splicer.ActiveSource);
        Assert.Empty(spliced.ContinuityBreaks());
        Assert.Equal("", await spliced.DecodeErrorsAsync("died-mid-frame.ts"));
    }

    [Fact]
    public async Task Failover_BetweenH265Sources_CutsOnAnIrapPictureAndDecodesCleanly()
    {
        var stream = TsFixtures.Packets(await TsFixtures.H265Async());
        var primary = SplicedOutput.Arrivals(stream);
        // The backup joins mid-GOP: the cut must wait for its next IRAP picture, found by NAL type alone.
        var backup = SplicedOutput.Arrivals(stream.Select(p => (byte[])p.Clone()))
            .Where(a => a.At >= TsTime.TicksPerSecond + (3 * Frame))
            .Select(a => { a.Packet[5] = TsPacket.HasAdaptationField(a.Packet) && a.Packet[4] > 0 ? (byte)(a.Packet[5] & 0xBF) : a.Packet[5]; return a; })
            .ToList();
        var spliced = new SplicedOutput();
        spliced.Splicer.SwitchTo(0, seamless: false);
        var switched = false;

        spliced.Play(primary, backup, at =>
        {
            if (!switched && at >= TsTime.TicksPerSecond)
            {
                switched = true;
                spliced.Splicer.SwitchTo(1, seamless: false);
            }
        }, primaryLostAt: TsTime.TicksPerSecond);

        var dts = await spliced.ProbeDtsAsync("h265.ts");
        Assert.Equal(1, spliced.Splicer.ActiveSource);
        Assert.True(SplicedOutput.StrictlyIncreasing(dts[0]), "video DTS must only increase");
        Assert.True(SplicedOutput.StrictlyIncreasing(dts[1]), "audio DTS must only increase");
        Assert.Empty(spliced.ContinuityBreaks());
        Assert.Equal("", await spliced.DecodeErrorsAsync("h265.ts"));
    }
}
