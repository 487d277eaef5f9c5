using RelayWorker.Continuity;

namespace RelayWorker.Tests.Continuity;

public sealed class TsFieldTests
{
    [Theory]
    [InlineData(100L, 50L, 150L)]
    [InlineData(TsTime.Mask, 1L, 0L)]
    [InlineData(5L, -10L, TsTime.Mask - 4)]
    public void Add_WrapsAt33Bits(long timestamp, long delta, long expected) =>
        Assert.Equal(expected, TsTime.Add(timestamp, delta));

    [Theory]
    [InlineData(100L, 250L, 150L)]
    [InlineData(250L, 100L, -150L)]
    [InlineData(TsTime.Mask - 9, 10L, 20L)]
    [InlineData(10L, TsTime.Mask - 9, -20L)]
    public void Distance_IsSignedAcrossTheWrap(long earlier, long later, long expected) =>
        Assert.Equal(expected, TsTime.Distance(earlier, later));

    [Fact]
    public async Task PesHeader_ReadsTheTimestampsFfprobeReports()
    {
        var packets = TsFixtures.Packets(await TsFixtures.H264PrimaryAsync());
        var path = TsFixtures.WriteTemp("fields-read.ts", packets);
        var probe = await TsFixtures.RunAsync("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts,dts",
            "-of", "csv=p=0", "-read_intervals", "%+#3", path);
        var expected = probe.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(',')).Take(3)
            .Select(f => (Pts: long.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), Dts: long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

        var actual = packets.Where(p => TsPacket.Pid(p) == TsFixtures.VideoPid && TsPacket.StartsUnit(p)).Take(3)
            .Select(p => PesHeader.TryRead(p.AsSpan(TsPacket.PayloadOffset(p)), out var pts, out var dts) ? (pts, dts) : (-1, -1))
            .ToList();

        Assert.Equal(3, expected.Count);
        Assert.Equal(expected, actual);
        Assert.Contains(actual, t => t.pts != t.dts);
    }

    [Fact]
    public async Task PesHeader_ShiftMovesPtsAndDtsAndKeepsTheMarkerBits()
    {
        var packets = TsFixtures.Packets(await TsFixtures.H264PrimaryAsync());
        var packet = packets.First(p => TsPacket.Pid(p) == TsFixtures.VideoPid && TsPacket.StartsUnit(p));
        var payload = packet.AsSpan(TsPacket.PayloadOffset(packet));
        PesHeader.TryRead(payload, out var pts, out var dts);
        var before = payload[..9].ToArray();

        Assert.True(PesHeader.Shift(payload, -dts - 1));
        PesHeader.TryRead(payload, out var shiftedPts, out var shiftedDts);

        Assert.Equal(TsTime.Mask, shiftedDts);
        Assert.Equal(TsTime.Add(pts, -dts - 1), shiftedPts);
        Assert.Equal(before, payload[..9].ToArray());
        Assert.Equal(1, payload[13] & 1);
        Assert.Equal(1, payload[11] & 1);
    }

    [Fact]
    public async Task Pcr_RoundTripsAndKeepsTheExtension()
    {
        var packets = TsFixtures.Packets(await TsFixtures.H264PrimaryAsync());
        var packet = packets.First(p => TsPacket.HasPcr(p));
        var extension = ((packet[10] & 1) << 8) | packet[11];
        var pcr = TsPacket.PcrBase(packet);

        TsPacket.SetPcrBase(packet, TsTime.Add(pcr, 123_457));

        Assert.Equal(TsTime.Add(pcr, 123_457), TsPacket.PcrBase(packet));
        Assert.Equal(extension, ((packet[10] & 1) << 8) | packet[11]);
        Assert.Equal(0x7E, packet[10] & 0x7E);
    }

    [Fact]
    public async Task Program_FindsTheVideoPidAndCodec()
    {
        var h264 = new TsProgram();
        foreach (var packet in TsFixtures.Packets(await TsFixtures.H264PrimaryAsync()).Take(20))
        {
            h264.Observe(packet);
        }
        var h265 = new TsProgram();
        foreach (var packet in TsFixtures.Packets(await TsFixtures.H265Async()).Take(20))
        {
            h265.Observe(packet);
        }

        Assert.Equal((4096, TsFixtures.VideoPid, VideoCodec.H264), (h264.PmtPid, h264.VideoPid, h264.VideoCodec));
        Assert.Equal((4096, TsFixtures.VideoPid, VideoCodec.H265), (h265.PmtPid, h265.VideoPid, h265.VideoCodec));
    }

    [Fact]
    public async Task Aligner_SkipsLeadingJunkAndJoinsPacketsSplitAcrossReads()
    {
        var stream = await TsFixtures.H264PrimaryAsync();
        var junk = new byte[] { 1, 2, 3, 0x12, 0x00 };
        var input = junk.Concat(stream).ToArray();
        var aligner = new TsPacketAligner();
        var received = new List<byte[]>();
        var random = new Random(7);

        for (var i = 0; i < input.Length;)
        {
            var n = Math.Min(random.Next(1, 700), input.Length - i);
            aligner.Push(input.AsSpan(i, n), p => received.Add(p.ToArray()));
            i += n;
        }

        Assert.Equal(junk.Length, aligner.SkippedBytes);
        Assert.Equal(TsFixtures.Packets(stream), received);
    }
}
