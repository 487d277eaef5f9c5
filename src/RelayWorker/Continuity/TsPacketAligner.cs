namespace RelayWorker.Continuity;

/// <summary>
/// Cuts a byte stream from a pipe into whole 188-byte packets. Reads end anywhere, so a partial packet is held
/// until the rest arrives; bytes before a sync byte are skipped (and counted), so a stream that starts or
/// resumes mid-packet lines up again at the next packet.
/// </summary>
internal sealed class TsPacketAligner
{
    private readonly byte[] _pending = new byte[TsPacket.Size * 2];
    private int _pendingLength;

    public long SkippedBytes { get; private set; }

    /// <summary>Calls <paramref name="onPacket"/> for each whole packet in the stream so far.</summary>
    public void Push(ReadOnlySpan<byte> data, PacketHandler onPacket)
    {
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, _pending.Length - _pendingLength);
            data[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            data = data[take..];
            Drain(onPacket);
        }
    }

    private void Drain(PacketHandler onPacket)
    {
        var start = 0;
        while (_pendingLength - start >= TsPacket.Size)
        {
            if (_pending[start] != TsPacket.SyncByte)
            {
                start++;
                SkippedBytes++;
                continue;
            }
            onPacket(_pending.AsSpan(start, TsPacket.Size));
            start += TsPacket.Size;
        }
        _pending.AsSpan(start, _pendingLength - start).CopyTo(_pending);
        _pendingLength -= start;
    }
}

internal delegate void PacketHandler(Span<byte> packet);
