using RelayWorker.Continuity;

namespace RelayWorker.Tests.Continuity;

public sealed class KeyframeDetectorTests
{
    [Theory]
    [InlineData("H264", new byte[] { 0, 0, 0, 1, 0x09, 0xF0, 0, 0, 1, 0x67, 0x64 }, true)]  // AUD, SPS
    [InlineData("H264", new byte[] { 0, 0, 1, 0x65, 0x88 }, true)]                         // IDR slice
    [InlineData("H264", new byte[] { 0, 0, 0, 1, 0x09, 0xF0, 0, 0, 1, 0x41, 0x9A }, false)] // AUD, non-IDR slice
    [InlineData("H264", new byte[] { 0, 0, 1, 0x06, 0x05, 0, 0, 1, 0x01, 0x9E }, false)]   // SEI, slice
    [InlineData("H265", new byte[] { 0, 0, 0, 1, 0x46, 0x01, 0, 0, 1, 0x40, 0x01 }, true)] // AUD, VPS
    [InlineData("H265", new byte[] { 0, 0, 1, 0x26, 0x01, 0xAF }, true)]                   // IDR_W_RADL
    [InlineData("H265", new byte[] { 0, 0, 1, 0x2A, 0x01, 0xAF }, true)]                   // CRA
    [InlineData("H265", new byte[] { 0, 0, 1, 0x46, 0x01, 0, 0, 1, 0x02, 0x01 }, false)]  // AUD, TRAIL_R
    [InlineData("Mpeg2", new byte[] { 0, 0, 1, 0xB3, 0x0A }, true)]                        // sequence header
    [InlineData("Mpeg2", new byte[] { 0, 0, 1, 0x00, 0x0A }, false)]                       // picture
    [InlineData("Unknown", new byte[] { 0, 0, 1, 0x65, 0x88 }, false)]
    public void ContainsRandomAccessUnit_ByNalType(string codec, byte[] data, bool expected) =>
        Assert.Equal(expected, KeyframeDetector.ContainsRandomAccessUnit(data, Enum.Parse<VideoCodec>(codec)));

    [Theory]
    [InlineData("h264")]
    [InlineData("h265")]
    public async Task NalScan_FindsTheSameKeyframesAsTheMuxersRandomAccessFlag(string codec)
    {
        var stream = codec == "h264" ? await TsFixtures.H264PrimaryAsync() : await TsFixtures.H265Async();
        var packets = TsFixtures.Packets(stream);
        var program = new TsProgram();
        var flagged = new List<int>();
        var scanned = new List<int>();

        for (var i = 0; i < packets.Count; i++)
        {
            var packet = packets[i];
            program.Observe(packet);
            if (TsPacket.Pid(packet) != program.VideoPid || !TsPacket.StartsUnit(packet))
            {
                continue;
            }
            if (TsPacket.IsRandomAccess(packet))
            {
                flagged.Add(i);
                packet[5] &= 0xBF; // as a muxer that does not flag keyframes would have written it
            }
            if (KeyframeDetector.StartsKeyframe(packet, program.VideoCodec))
            {
                scanned.Add(i);
            }
        }

        // 3 s at 25 fps with a keyframe every 10 frames.
        Assert.Equal(8, flagged.Count);
        Assert.Equal(flagged, scanned);
    }
}
