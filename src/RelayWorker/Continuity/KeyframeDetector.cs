namespace RelayWorker.Continuity;

/// <summary>
/// Whether a video PES starts with a picture a decoder can begin at. ffmpeg's muxer sets random_access_indicator
/// on keyframes, but other muxers (and some encoders' streams re-muxed with -c copy) do not, so the NAL units at
/// the start of the elementary stream data are looked at as well: an IDR slice or an SPS for H.264, an IRAP
/// picture or a VPS for H.265, a sequence header for MPEG-2.
/// </summary>
internal static class KeyframeDetector
{
    public static bool StartsKeyframe(ReadOnlySpan<byte> packet, VideoCodec codec)
    {
        if (TsPacket.IsRandomAccess(packet))
        {
            return true;
        }
        var offset = TsPacket.PayloadOffset(packet);
        if (offset < 0 || !TsPacket.StartsUnit(packet))
        {
            return false;
        }
        var payload = packet[offset..];
        var data = payload[Math.Min(PesHeader.HeaderLength(payload), payload.Length)..];
        return ContainsRandomAccessUnit(data, codec);
    }

    /// <summary>Scans the Annex B byte stream in <paramref name="data"/> for a unit that starts a keyframe.</summary>
    public static bool ContainsRandomAccessUnit(ReadOnlySpan<byte> data, VideoCodec codec)
    {
        for (var i = 0; i + 3 < data.Length; i++)
        {
            if (data[i] != 0 || data[i + 1] != 0 || data[i + 2] != 1)
            {
                continue;
            }
            var header = data[i + 3];
            switch (codec)
            {
                case VideoCodec.H264:
                    var type264 = header & 0x1F;
                    if (type264 is 5 or 7)
                    {
                        return true;
                    }
                    if (type264 is 1)
                    {
                        return false;
                    }
                    break;
                case VideoCodec.H265:
                    var type265 = (header >> 1) & 0x3F;
                    if (type265 is >= 16 and <= 21 or 32)
                    {
                        return true;
                    }
                    if (type265 < 16)
                    {
                        return false;
                    }
                    break;
                case VideoCodec.Mpeg2:
                    if (header == 0xB3)
                    {
                        return true;
                    }
                    if (header == 0x00)
                    {
                        return false;
                    }
                    break;
                default:
                    return false;
            }
            i += 2;
        }
        return false;
    }
}
