namespace RelayWorker.Continuity;

/// <summary>
/// Joins the MPEG-TS of several live sources into one continuous stream for one long-lived output ffmpeg.
/// Every source's packets are fed in as they arrive; only the active source's reach the output. A switch waits
/// for the new source's next keyframe, drops what it sent before it, and moves its PTS, DTS and PCR by one offset
/// so the output clock continues from the last forwarded frame (advancing by the wall time that passed), with
/// continuity counters renumbered per PID. The sources must use the same PIDs (the ingests are started with the
/// same stream order and muxer PID options), so PAT and PMT pass through unchanged.
/// Thread-safe: each source's reader calls <see cref="Feed"/> from its own thread.
/// </summary>
internal sealed partial class TsSplicer
{
    /// <summary>Where the output clock starts: far enough from zero that the first B-frames never wrap.</summary>
    public const long StartDts = 10 * TsTime.TicksPerSecond;

    /// <summary>The longest a seamless switch waits for the old source to finish its current frame.</summary>
    public static readonly long SeamlessWaitLimit = TsTime.TicksPerSecond / 2;

    /// <summary>The largest step of the output video clock passed on from a source: a viewer's clock never jumps further.</summary>
    private const long MaxClockStep = TsTime.TicksPerSecond;

    private const long DefaultFrameDuration = TsTime.TicksPerSecond / 25;

    /// <summary>
    /// The smallest step between two frames of one stream that is media moving: 1 ms, below any real frame (a
    /// 1000 fps video, a 2.5 ms Opus frame). Smaller steps are what an ingest ffmpeg writes when its source's clock
    /// went back (a publisher returning into a held session): its muxer passes each late packet on one tick after
    /// the last, for as long as the old clock was ahead (measured: 5 s of audio and 0.8 s of video at one tick apart
    /// after a failback). That is no media to count as delivering, and none to send.
    /// </summary>
    private const long MinimumMediaStep = TsTime.TicksPerSecond / 1000;

    /// <summary>The run of squeezed video frames at which the active source's cut starts over: the two before it pass.</summary>
    private const int SqueezedFramesTolerated = 3;
    /// <summary>At most this many packets of a GOP are held per source (3 MB: 4 s at 6 Mbit/s).</summary>
    private const int BufferLimit = 16384;

    private readonly Lock _gate = new();
    private readonly Dictionary<int, SourceState> _sources = [];
    private readonly OutputPids _output = new();
    private readonly Action<ReadOnlySpan<byte>> _emit;
    private readonly List<byte[]> _buffered = [];
    private int _active = NoSource;
    private int _pending = NoSource;
    private bool _pendingSeamless;
    private long _keyframeSeenAt;
    private long _offset;
    private long _lastOutVideoDts = -1;
    private long _previousOutVideoDts = -1;
    private long _lastOutVideoAt;
    private long _clockAnchor;
    private long _lastFeedAt;
    private long _maxOutVideoPts;

    public const int NoSource = -1;

    public TsSplicer(Action<ReadOnlySpan<byte>> emit) => _emit = emit;

    /// <summary>The source whose packets reach the output, or <see cref="NoSource"/> before the first cut.</summary>
    public int ActiveSource
    {
        get
        {
            lock (_gate)
            {
                return _active;
            }
        }
    }

    public int PendingSource
    {
        get
        {
            lock (_gate)
            {
                return _pending;
            }
        }
    }

    /// <summary>Completed cuts, the first activation included.</summary>
    public int Cuts { get; private set; }

    /// <summary>The largest step of the output video clock at a cut, in 90 kHz ticks.</summary>
    public long LargestCutStep { get; private set; }

    /// <summary>
    /// Asks for a switch to <paramref name="source"/>. Seamless: the old source still delivers (a failback), so the
    /// cut waits for the new source's next keyframe and for the old source's current frame to end. Otherwise (the
    /// old source was lost) the cut is made at once from the new source's latest GOP, or at its next keyframe.
    /// </summary>
    public void SwitchTo(int source, bool seamless)
    {
        lock (_gate)
        {
            if (source == _active && _pending == NoSource)
            {
                return;
            }
            _pending = source == _active ? NoSource : source;
            _pendingSeamless = seamless && _active != NoSource;
            _buffered.Clear();
            if (_pending != NoSource && !_pendingSeamless && _sources.TryGetValue(_pending, out var standby) && standby.Gop.Count > 0)
            {
                // The standby's latest GOP starts at a keyframe: the failover need not wait for the next one.
                _buffered.AddRange(standby.Gop);
                Cut(_lastFeedAt);
            }
        }
    }

    /// <summary>
    /// The source's process was replaced: what it sends next is a new program with a new clock. Its held GOP and
    /// clock are forgotten; if it was being sent, the output waits for its next keyframe and continues the output
    /// clock from there, as after a loss.
    /// </summary>
    public void Restart(int source)
    {
        lock (_gate)
        {
            _sources.Remove(source);
            if (source == _active)
            {
                RecutLocked();
            }
            else if (source == _pending)
            {
                _buffered.Clear();
            }
        }
    }

    /// <summary>The output stage was replaced: it must get the active source again from a keyframe.</summary>
    public void Recut()
    {
        lock (_gate)
        {
            if (_active != NoSource)
            {
                RecutLocked();
            }
        }
    }

    private void RecutLocked()
    {
        _pending = _active;
        _pendingSeamless = false;
        _active = NoSource;
        _buffered.Clear();
    }

    /// <summary>What the splicer has seen from one source, for deciding whether it delivers.</summary>
    public SourceActivity Activity(int source)
    {
        lock (_gate)
        {
            return _sources.TryGetValue(source, out var state)
                ? new SourceActivity(state.Packets, state.LastAdvanceAt, state.Program.VideoCodec)
                : new SourceActivity(0, -1, VideoCodec.Unknown);
        }
    }

    /// <summary>
    /// One packet from <paramref name="source"/>, received at <paramref name="now"/> (monotonic, 90 kHz ticks).
    /// The packet may be modified in place.
    /// </summary>
    public void Feed(int source, Span<byte> packet, long now)
    {
        if (!TsPacket.IsValid(packet))
        {
            return;
        }
        lock (_gate)
        {
            _lastFeedAt = now;
            var state = Track(source, packet, now);
            if (source != _active && source != _pending)
            {
                KeepLatestGop(state, packet);
            }
            else if (source == _pending)
            {
                FeedPending(state, packet, now);
            }
            else if (source == _active)
            {
                if (_pending != NoSource && _buffered.Count > 0 && StartsDisplayOrderRun(state, packet))
                {
                    // Every frame the old source sent is complete and shown before this one (not a B-frame
                    // that fills in an earlier gap): the cut lands between whole frames with nothing missing.
                    Cut(now, oldFramesComplete: true);
                    return;
                }
                Forward(packet, now, state);
            }
            if (_pending != NoSource && _buffered.Count > 0 && now - _keyframeSeenAt > SeamlessWaitLimit)
            {
                Cut(now);
            }
        }
    }

    private SourceState Track(int source, ReadOnlySpan<byte> packet, long now)
    {
        if (!_sources.TryGetValue(source, out var state))
        {
            state = new SourceState();
            _sources[source] = state;
        }
        state.Packets++;
        state.Program.Observe(packet);
        if (IsVideoStart(state, packet))
        {
            var offset = TsPacket.PayloadOffset(packet);
            if (PesHeader.TryRead(packet[offset..], out _, out var dts))
            {
                if (state.LastVideoDts >= 0)
                {
                    var step = TsTime.Distance(state.LastVideoDts, dts);
                    state.SqueezedFrames = step is >= 0 and < MinimumMediaStep ? state.SqueezedFrames + 1 : 0;
                    if (step >= MinimumMediaStep)
                    {
                        state.LastAdvanceAt = now;
                        if (step <= TsTime.TicksPerSecond / 5)
                        {
                            state.FrameDuration = step;
                        }
                    }
                }
                state.LastVideoDts = dts;
            }
        }
        return state;
    }

    private bool StartsDisplayOrderRun(SourceState state, Span<byte> packet)
    {
        if (!IsVideoStart(state, packet) || !PesHeader.TryRead(packet[TsPacket.PayloadOffset(packet)..], out var pts, out _))
        {
            return false;
        }
        return TsTime.Distance(_maxOutVideoPts, TsTime.Add(pts, _offset)) > 0;
    }

    private static bool IsVideoStart(SourceState state, ReadOnlySpan<byte> packet) =>
        state.Program.IsKnown && TsPacket.Pid(packet) == state.Program.VideoPid && TsPacket.StartsUnit(packet)
        && TsPacket.PayloadOffset(packet) >= 0;

    private sealed class SourceState
    {
        public TsProgram Program { get; } = new();

        public long Packets { get; set; }

        public long LastVideoDts { get; set; } = -1;

        public long LastAdvanceAt { get; set; } = -1;

        public long FrameDuration { get; set; } = DefaultFrameDuration;

        /// <summary>Video frames in a row, up to the latest, each less than <see cref="MinimumMediaStep"/> after the one before.</summary>
        public int SqueezedFrames { get; set; }

        /// <summary>A standby source's packets since its latest keyframe.</summary>
        public List<byte[]> Gop { get; } = [];
    }
}

/// <summary>Packets seen, when the source's video clock last moved forward (90 kHz monotonic, -1 never), its codec.</summary>
internal readonly record struct SourceActivity(long Packets, long LastAdvanceAt, VideoCodec Codec);
