namespace RelayWorker.TestSupport;

/// <summary>
/// The media clock a viewer sees: the PTS of every PES that starts in a datagram, per writing ffmpeg (its source port).
/// Bytes arriving prove nothing after a source flap: a relay fed frozen timestamps keeps sending, each packet one
/// tick past the last. Media moves when one writer's PTS has advanced by a span of media since a moment.
/// </summary>
internal sealed partial class UdpSink
{
    private const int TsPacketSize = 188;
    private const long PtsHz = 90_000;

    private readonly Lock _clockGate = new();
    private readonly List<(long At, int Port, long Pts)> _pts = [];

    /// <summary>
    /// The arrival time of the first datagram, after <paramref name="after"/>, at which one writer's PTS had advanced
    /// by <paramref name="span"/> over the lowest PTS it sent after that moment; null when none within <paramref name="timeout"/>.
    /// </summary>
    public async Task<long?> MediaMovingAfterAsync(long after, TimeSpan span, TimeSpan timeout)
    {
        // The shared condition wait, polled every 20 ms so the arrival found is the one that proved it.
        await Poll.TryUntilAsync(() => MovingAt(after, span) is not null, timeout, TimeSpan.FromMilliseconds(20));
        return MovingAt(after, span);
    }

    /// <summary>
    /// How far the media clock moved between two arrival times, in seconds: the highest PTS that had arrived by
    /// <paramref name="to"/> less the highest that had arrived by <paramref name="from"/>, over every writer. The
    /// highest, because B-frames send PTS out of order; over every writer, for a route whose output keeps one clock.
    /// Null when nothing had arrived by <paramref name="from"/>.
    /// </summary>
    public double? MediaSecondsBetween(long from, long to)
    {
        long? atFrom = null;
        long? atTo = null;
        lock (_clockGate)
        {
            foreach (var (at, _, pts) in _pts)
            {
                if (at <= from)
                {
                    atFrom = Math.Max(atFrom ?? pts, pts);
                }
                if (at <= to)
                {
                    atTo = Math.Max(atTo ?? pts, pts);
                }
            }
        }
        return atFrom is { } start && atTo is { } end ? (end - start) / (double)PtsHz : null;
    }

    private long? MovingAt(long after, TimeSpan span)
    {
        var needed = (long)(span.TotalSeconds * PtsHz);
        var lowest = new Dictionary<int, long>();
        lock (_clockGate)
        {
            foreach (var (at, port, pts) in _pts)
            {
                if (at <= after)
                {
                    continue;
                }
                var low = lowest.TryGetValue(port, out var l) ? Math.Min(l, pts) : pts;
                lowest[port] = low;
                if (pts - low >= needed)
                {
                    return at;
                }
            }
        }
        return null;
    }

    private void RecordPts(ReadOnlySpan<byte> datagram, long now, int port)
    {
        for (var offset = 0; offset + TsPacketSize <= datagram.Length; offset += TsPacketSize)
        {
            if (PesPts(datagram.Slice(offset, TsPacketSize)) is { } pts)
            {
                lock (_clockGate)
                {
                    // Enough for several minutes of a test's media; older entries are what a test no longer asks about.
                    if (_pts.Count >= 200_000)
                    {
                        _pts.RemoveRange(0, 100_000);
                    }
                    _pts.Add((now, port, pts));
                }
            }
        }
    }

    /// <summary>The PTS of an audio or video PES that starts in this TS packet.</summary>
    private static long? PesPts(ReadOnlySpan<byte> packet)
    {
        if (packet[0] != 0x47 || (packet[1] & 0x40) == 0)
        {
            return null;
        }
        var adaptation = (packet[3] >> 4) & 3;
        var start = 4;
        if (adaptation is 2 or 3)
        {
            start += 1 + packet[4];
        }
        if (adaptation == 2 || start + 14 > packet.Length)
        {
            return null;
        }
        var pes = packet[start..];
        var isMedia = pes[0] == 0 && pes[1] == 0 && pes[2] == 1 && pes[3] >= 0xC0 && pes[3] <= 0xEF;
        if (!isMedia || (pes[7] & 0x80) == 0)
        {
            return null;
        }
        return ((long)(pes[9] & 0x0E) << 29) | ((long)pes[10] << 22) | ((long)(pes[11] & 0xFE) << 14) | ((long)pes[12] << 7) | ((long)pes[13] >> 1);
    }
}
