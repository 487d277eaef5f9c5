namespace RelayWorker.Continuity;

/// <summary>
/// Per-PID state of the spliced output: the continuity counter it continues (a receiver that sees a jump
/// assumes lost packets and discards data), whether the PES in progress is being forwarded, and the last DTS sent.
/// </summary>
internal sealed class OutputPids
{
    private const int PidCount = 8192;
    private const int Unbounded = int.MaxValue;
    private readonly int[] _nextCounter = new int[PidCount];
    private readonly bool[] _seen = new bool[PidCount];
    private readonly bool[] _forwarding = new bool[PidCount];
    private readonly long[] _lastDts = Enumerable.Repeat(-1L, PidCount).ToArray();
    private readonly long[] _lastStep = new long[PidCount];
    private readonly bool[] _acrossCut = new bool[PidCount];
    private readonly List<byte[]>?[] _held = new List<byte[]>?[PidCount];
    private readonly int[] _missing = new int[PidCount];

    private void Renumber(Span<byte> packet, int pid)
    {
        if (TsPacket.HasPayload(packet))
        {
            TsPacket.SetContinuityCounter(packet, _nextCounter[pid]);
            _nextCounter[pid] = (_nextCounter[pid] + 1) & 0x0F;
            _seen[pid] = true;
        }
        else
        {
            // A packet without payload repeats the counter of the last one that had payload.
            TsPacket.SetContinuityCounter(packet, _seen[pid] ? (_nextCounter[pid] + 15) & 0x0F : 0);
        }
    }

    /// <summary>
    /// Sends a packet with its counter renumbered. Each PES is held until it is known to be complete (its
    /// declared length reached, or for video the next PES started, one frame later): a PES cut off by a switch or
    /// a dying ingest would be a decode error at every viewer, so an incomplete one is dropped at a cut instead.
    /// </summary>
    public void Emit(Span<byte> packet, int pid, bool isPes, Action<ReadOnlySpan<byte>> emit)
    {
        var held = _held[pid] ??= [];
        var offset = TsPacket.PayloadOffset(packet);
        if (!isPes || (offset < 0 && held.Count == 0))
        {
            Renumber(packet, pid);
            emit(packet);
            return;
        }
        if (offset >= 0 && TsPacket.StartsUnit(packet))
        {
            Flush(pid, emit);
            var payload = packet[offset..];
            var length = payload.Length >= 6 ? (payload[4] << 8) | payload[5] : 0;
            _missing[pid] = length > 0 ? length + 6 - payload.Length : Unbounded;
        }
        else if (held.Count == 0)
        {
            return;
        }
        else if (offset >= 0 && _missing[pid] != Unbounded)
        {
            _missing[pid] -= TsPacket.Size - offset;
        }
        held.Add(packet.ToArray());
        if (_missing[pid] <= 0)
        {
            Flush(pid, emit);
        }
    }

    private void Flush(int pid, Action<ReadOnlySpan<byte>> emit)
    {
        var held = _held[pid]!;
        foreach (var whole in held)
        {
            Renumber(whole, pid);
            emit(whole);
        }
        held.Clear();
    }

    /// <summary>A PES of <paramref name="pid"/> is held and not yet known to be whole: a cut now would drop it.</summary>
    public bool HoldsIncomplete(int pid) => _held[pid] is { Count: > 0 } && _missing[pid] > 0;

    public bool IsForwarding(int pid) => _forwarding[pid];

    public void SetForwarding(int pid, bool forwarding) => _forwarding[pid] = forwarding;

    /// <summary>
    /// Where the old source's last PES on <paramref name="pid"/> ends, while no PES of the new source has been
    /// sent on it since the cut: its DTS plus the step to the one before it (a PES of several audio frames lasts
    /// longer than one frame); -1 otherwise. A source's own order is trusted: only the join is checked.
    /// </summary>
    public long LastEndBeforeCut(int pid) => !_acrossCut[pid] || _lastDts[pid] < 0 ? -1 : TsTime.Add(_lastDts[pid], _lastStep[pid]);

    /// <summary>The DTS of the last PES sent on <paramref name="pid"/>, or -1.</summary>
    public long LastDts(int pid) => _lastDts[pid];

    public void SetLastDts(int pid, long dts)
    {
        if (_lastDts[pid] >= 0)
        {
            var step = TsTime.Distance(_lastDts[pid], dts);
            // Only a step within one stream's cadence says how long a PES lasts; the step across a cut does not.
            if (step > 0 && step <= TsTime.TicksPerSecond / 2 && !_acrossCut[pid])
            {
                _lastStep[pid] = step;
            }
        }
        _lastDts[pid] = dts;
        _acrossCut[pid] = false;
    }

    /// <summary>After a cut no PES of the new source is in progress yet: each PID waits for its next start.</summary>
    /// <param name="oldFramesComplete">
    /// The cut came when the old source started its next video PES, so the video PES held is whole and is sent.
    /// </param>
    /// <param name="emit">Where a held PES that is whole goes.</param>
    public void ResyncAll(bool oldFramesComplete, Action<ReadOnlySpan<byte>> emit)
    {
        Array.Clear(_forwarding);
        Array.Fill(_acrossCut, true);
        for (var pid = 0; pid < PidCount; pid++)
        {
            if (_held[pid] is { Count: > 0 } held)
            {
                if (oldFramesComplete && _missing[pid] == Unbounded)
                {
                    Flush(pid, emit);
                }
                held.Clear();
            }
        }
    }
}
