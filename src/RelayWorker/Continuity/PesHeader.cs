namespace RelayWorker.Continuity;

/// <summary>
/// PTS and DTS in a PES header (ISO/IEC 13818-1, 2.4.3.7) at the start of a packet's payload. Only headers
/// that fit in the first packet are handled; ffmpeg's muxer always puts them there.
/// </summary>
internal static class PesHeader
{
    private const int FlagsOffset = 7;
    private const int PtsOffset = 9;

    /// <summary>Reads the timestamps of the PES starting at <paramref name="payload"/>; false when it has none.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out long pts, out long dts)
    {
        pts = dts = -1;
        if (!HasTimestamps(payload, out var flags))
        {
            return false;
        }
        pts = ReadTimestamp(payload[PtsOffset..]);
        dts = flags == 0b11 ? ReadTimestamp(payload[(PtsOffset + 5)..]) : pts;
        return true;
    }

    /// <summary>Moves both timestamps by <paramref name="delta"/> ticks; false when the header has none.</summary>
    public static bool Shift(Span<byte> payload, long delta)
    {
        if (!HasTimestamps(payload, out var flags))
        {
            return false;
        }
        WriteTimestamp(payload[PtsOffset..], TsTime.Add(ReadTimestamp(payload[PtsOffset..]), delta));
        if (flags == 0b11)
        {
            WriteTimestamp(payload[(PtsOffset + 5)..], TsTime.Add(ReadTimestamp(payload[(PtsOffset + 5)..]), delta));
        }
        return true;
    }

    /// <summary>Bytes from the payload start to the elementary stream data (the first NAL start code).</summary>
    public static int HeaderLength(ReadOnlySpan<byte> payload) => payload.Length >= 9 ? 9 + payload[8] : payload.Length;

    private static bool HasTimestamps(ReadOnlySpan<byte> payload, out int flags)
    {
        flags = 0;
        // Start code prefix, then a stream id that carries the optional header (not padding or private stream 2).
        if (payload.Length < 14 || payload[0] != 0 || payload[1] != 0 || payload[2] != 1
            || payload[3] is 0xBC or 0xBE or 0xBF or 0xF0 or 0xF1 or 0xF2 or 0xF8 or 0xFF)
        {
            return false;
        }
        flags = payload[FlagsOffset] >> 6;
        var needed = flags == 0b11 ? PtsOffset + 10 : PtsOffset + 5;
        return flags is 0b10 or 0b11 && payload.Length >= needed && payload[8] >= needed - PtsOffset;
    }

    private static long ReadTimestamp(ReadOnlySpan<byte> b) =>
        ((long)(b[0] & 0x0E) << 29) | ((long)b[1] << 22) | ((long)(b[2] & 0xFE) << 14) | ((long)b[3] << 7) | ((long)b[4] >> 1);

    private static void WriteTimestamp(Span<byte> b, long value)
    {
        // The 4-bit prefix (0010/0011/0001) stays as it was; only the value bits and marker bits are written.
        b[0] = (byte)((b[0] & 0xF0) | (int)((value >> 29) & 0x0E) | 1);
        b[1] = (byte)(value >> 22);
        b[2] = (byte)(((value >> 14) & 0xFE) | 1);
        b[3] = (byte)(value >> 7);
        b[4] = (byte)(((value << 1) & 0xFE) | 1);
    }
}
