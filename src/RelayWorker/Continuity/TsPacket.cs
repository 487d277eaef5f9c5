namespace RelayWorker.Continuity;

/// <summary>
/// Field access on one 188-byte MPEG-TS packet (ISO/IEC 13818-1, 2.4.3). The splicer edits packets in place,
/// so every accessor works on a span and nothing is copied.
/// </summary>
internal static class TsPacket
{
    public const int Size = 188;
    public const byte SyncByte = 0x47;
    public const int PatPid = 0x0000;
    public const int NullPid = 0x1FFF;

    public static bool IsValid(ReadOnlySpan<byte> packet) => packet.Length == Size && packet[0] == SyncByte;

    public static int Pid(ReadOnlySpan<byte> packet) => ((packet[1] & 0x1F) << 8) | packet[2];

    /// <summary>payload_unit_start_indicator: a PES or a section starts in this packet.</summary>
    public static bool StartsUnit(ReadOnlySpan<byte> packet) => (packet[1] & 0x40) != 0;

    public static bool HasAdaptationField(ReadOnlySpan<byte> packet) => (packet[3] & 0x20) != 0;

    public static bool HasPayload(ReadOnlySpan<byte> packet) => (packet[3] & 0x10) != 0;

    public static int ContinuityCounter(ReadOnlySpan<byte> packet) => packet[3] & 0x0F;

    public static void SetContinuityCounter(Span<byte> packet, int counter) =>
        packet[3] = (byte)((packet[3] & 0xF0) | (counter & 0x0F));

    /// <summary>Length of the adaptation field including its length byte; 0 when there is none.</summary>
    public static int AdaptationFieldSize(ReadOnlySpan<byte> packet) =>
        HasAdaptationField(packet) ? Math.Min(1 + packet[4], Size - 4) : 0;

    /// <summary>Offset of the first payload byte, or -1 when the packet carries none (or a malformed field).</summary>
    public static int PayloadOffset(ReadOnlySpan<byte> packet)
    {
        if (!HasPayload(packet))
        {
            return -1;
        }
        var offset = 4 + AdaptationFieldSize(packet);
        return offset < Size ? offset : -1;
    }

    /// <summary>random_access_indicator: the muxer marks the packet where a keyframe's PES begins.</summary>
    public static bool IsRandomAccess(ReadOnlySpan<byte> packet) =>
        HasAdaptationField(packet) && packet[4] > 0 && (packet[5] & 0x40) != 0;

    public static bool HasPcr(ReadOnlySpan<byte> packet) =>
        HasAdaptationField(packet) && packet[4] >= 7 && (packet[5] & 0x10) != 0;

    /// <summary>The PCR's 33-bit base in 90 kHz ticks (the 27 MHz extension is kept as it is when rewriting).</summary>
    public static long PcrBase(ReadOnlySpan<byte> packet) =>
        ((long)packet[6] << 25) | ((long)packet[7] << 17) | ((long)packet[8] << 9) | ((long)packet[9] << 1) | ((long)packet[10] >> 7);

    public static void SetPcrBase(Span<byte> packet, long pcrBase)
    {
        pcrBase &= TsTime.Mask;
        packet[6] = (byte)(pcrBase >> 25);
        packet[7] = (byte)(pcrBase >> 17);
        packet[8] = (byte)(pcrBase >> 9);
        packet[9] = (byte)(pcrBase >> 1);
        packet[10] = (byte)((packet[10] & 0x7F) | (int)((pcrBase & 1) << 7));
    }
}
