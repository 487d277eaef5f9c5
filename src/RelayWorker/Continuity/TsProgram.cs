namespace RelayWorker.Continuity;

/// <summary>
/// What the splicer needs from a source's PAT and PMT: which PID is the PMT, which carries the video (where the
/// keyframes and usually the PCR are) and its codec. Sections longer than one packet are not followed; a
/// single-program stream from ffmpeg's muxer never has them.
/// </summary>
internal sealed class TsProgram
{
    public int PmtPid { get; private set; } = -1;

    public int VideoPid { get; private set; } = -1;

    public int PcrPid { get; private set; } = -1;

    public VideoCodec VideoCodec { get; private set; } = VideoCodec.Unknown;

    public bool IsKnown => VideoPid >= 0;

    /// <summary>Learns from a PAT or PMT packet; other packets are ignored.</summary>
    public void Observe(ReadOnlySpan<byte> packet)
    {
        var pid = TsPacket.Pid(packet);
        if (pid != TsPacket.PatPid && pid != PmtPid)
        {
            return;
        }
        if (!TsPacket.StartsUnit(packet) || !TryGetSection(packet, out var section))
        {
            return;
        }
        if (pid == TsPacket.PatPid && section[0] == 0x00)
        {
            ReadPat(section);
        }
        else if (section[0] == 0x02)
        {
            ReadPmt(section);
        }
    }

    private static bool TryGetSection(ReadOnlySpan<byte> packet, out ReadOnlySpan<byte> section)
    {
        section = default;
        var offset = TsPacket.PayloadOffset(packet);
        if (offset < 0)
        {
            return false;
        }
        var start = offset + 1 + packet[offset];
        if (start + 3 > TsPacket.Size)
        {
            return false;
        }
        var length = ((packet[start + 1] & 0x0F) << 8) | packet[start + 2];
        var end = start + 3 + length;
        if (length < 9 || end > TsPacket.Size)
        {
            return false;
        }
        // The CRC is left out: the section's own bytes are what the loops below walk.
        section = packet[start..(end - 4)];
        return true;
    }

    private void ReadPat(ReadOnlySpan<byte> section)
    {
        for (var i = 8; i + 4 <= section.Length; i += 4)
        {
            var programNumber = (section[i] << 8) | section[i + 1];
            if (programNumber != 0)
            {
                PmtPid = ((section[i + 2] & 0x1F) << 8) | section[i + 3];
                return;
            }
        }
    }

    private void ReadPmt(ReadOnlySpan<byte> section)
    {
        PcrPid = ((section[8] & 0x1F) << 8) | section[9];
        var infoLength = ((section[10] & 0x0F) << 8) | section[11];
        for (var i = 12 + infoLength; i + 5 <= section.Length;)
        {
            var streamType = section[i];
            var pid = ((section[i + 1] & 0x1F) << 8) | section[i + 2];
            var esInfoLength = ((section[i + 3] & 0x0F) << 8) | section[i + 4];
            var codec = streamType switch
            {
                0x1B => VideoCodec.H264,
                0x24 => VideoCodec.H265,
                0x01 or 0x02 => VideoCodec.Mpeg2,
                _ => VideoCodec.Unknown,
            };
            if (codec != VideoCodec.Unknown)
            {
                VideoPid = pid;
                VideoCodec = codec;
                return;
            }
            i += 5 + esInfoLength;
        }
    }
}

internal enum VideoCodec
{
    Unknown,
    H264,
    H265,
    Mpeg2,
}
