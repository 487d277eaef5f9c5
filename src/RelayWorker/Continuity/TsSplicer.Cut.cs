namespace RelayWorker.Continuity;

internal sealed partial class TsSplicer
{
    private void FeedPending(SourceState state, Span<byte> packet, long now)
    {
        if (_buffered.Count == 0)
        {
            // Everything before the new source's next keyframe is backlog a decoder cannot start from; so is a
            // keyframe squeezed one tick after its predecessor (a clock that went back), whose GOP would be too.
            if (!IsVideoStart(state, packet) || !KeyframeDetector.StartsKeyframe(packet, state.Program.VideoCodec)
                || state.SqueezedFrames > 0)
            {
                return;
            }
            _keyframeSeenAt = now;
        }
        _buffered.Add(packet.ToArray());
        if (!_pendingSeamless || _buffered.Count >= BufferLimit)
        {
            Cut(now);
        }
    }

    /// <summary>Keeps what a standby source sent since its latest keyframe, so a failover can start at once.</summary>
    private static void KeepLatestGop(SourceState state, ReadOnlySpan<byte> packet)
    {
        if (IsVideoStart(state, packet) && KeyframeDetector.StartsKeyframe(packet, state.Program.VideoCodec))
        {
            state.Gop.Clear();
        }
        else if (state.Gop.Count == 0 || state.Gop.Count >= BufferLimit)
        {
            // No keyframe to start from yet, or a GOP too long to hold: wait for the next keyframe.
            state.Gop.Clear();
            return;
        }
        state.Gop.Add(packet.ToArray());
    }

    private void Cut(long now, bool oldFramesComplete = false)
    {
        var next = _sources[_pending];
        var keyframeDts = VideoDts(_buffered[0]);
        PesHeader.TryRead(_buffered[0].AsSpan(TsPacket.PayloadOffset(_buffered[0])), out var keyframePts, out _);
        if (!oldFramesComplete && _active != NoSource && _previousOutVideoDts >= 0
            && _output.HoldsIncomplete(_sources[_active].Program.VideoPid))
        {
            // The old source's last frame is still held, its end never came: the cut drops it, so the frame a
            // viewer saw last is the one before, and the clock step is measured from there (measured before this:
            // a 1.04 s step downstream where the splicer counted 1 s).
            _lastOutVideoDts = _previousOutVideoDts;
        }
        long target;
        if (_lastOutVideoDts < 0)
        {
            target = StartDts;
            _clockAnchor = StartDts - now;
        }
        else
        {
            // The output clock follows the wall clock: after a gap (a lost source, the wait for a keyframe) it
            // resumes where the wall clock says, minus what the buffered GOP about to be sent at once covers, so
            // neither a gap nor a replayed GOP makes the output run ahead of or behind real time for good.
            var frame = _active != NoSource ? _sources[_active].FrameDuration : next.FrameDuration;
            var wallTarget = TsTime.Add(_clockAnchor + now, -BufferedSpan(next, keyframeDts));
            // Not before the next frame, and the keyframe must be shown after every frame already sent: a frame the
            // old source reordered (a P-frame whose B-frames never came) holds a later PTS than its DTS.
            var earliest = TsTime.Add(_lastOutVideoDts, frame);
            var afterShown = TsTime.Add(_maxOutVideoPts, frame - TsTime.Distance(keyframeDts, keyframePts));
            earliest = TsTime.Distance(earliest, afterShown) > 0 ? afterShown : earliest;
            // On the frame grid after the last frame sent: a step of whole frames keeps the output's cadence, so a
            // player or transcoder that reads its frame rate from the timestamps sees the source's rate, not a rate
            // skewed by a fraction of a frame at every cut (measured: 24.92 fps guessed for a 25 fps stream).
            var ahead = TsTime.Distance(earliest, wallTarget);
            var steps = ahead > 0 ? (long)Math.Round(ahead / (double)frame) : 0;
            // Never more than MaxClockStep past the frame before the last one sent, even after a long wait for a
            // keyframe (a new output stage, a source whose clock jumped): a viewer's clock never jumps further, even
            // one whose last frame of the old source never arrived (an unfinished frame the output stage drops at the
            // cut, a datagram lost on the way; measured: 1.04 s steps downstream where the splicer counted 1 s, in
            // two of three runs of the one-minute slate test on a loaded machine). The output may then run a little
            // behind the wall clock; the next cut catches up by at most as much again.
            var room = TsTime.Distance(earliest, TsTime.Add(_lastOutVideoDts, MaxClockStep - frame));
            steps = Math.Max(0, Math.Min(steps, room / frame));
            target = TsTime.Add(earliest, steps * frame);
            LargestCutStep = Math.Max(LargestCutStep, TsTime.Distance(_lastOutVideoDts, target));
        }
        _offset = TsTime.Distance(keyframeDts, target);
        _active = _pending;
        _pending = NoSource;
        _output.ResyncAll(oldFramesComplete, _emit);
        Cuts++;
        var replay = _buffered.ToArray();
        _buffered.Clear();
        foreach (var buffered in replay)
        {
            Forward(buffered, now, next);
            if (_active == NoSource)
            {
                // The replayed GOP's own clock jumped (a source restarted inside it): the cut starts over at the
                // source's next keyframe.
                break;
            }
        }
        next.Gop.Clear();
    }

    private long BufferedSpan(SourceState source, long keyframeDts)
    {
        var last = keyframeDts;
        foreach (var packet in _buffered)
        {
            if (IsVideoStart(source, packet))
            {
                last = VideoDts(packet);
            }
        }
        return Math.Max(0, TsTime.Distance(keyframeDts, last));
    }

    private static long VideoDts(byte[] packet) =>
        PesHeader.TryRead(packet.AsSpan(TsPacket.PayloadOffset(packet)), out _, out var dts) ? dts : 0;

    private void Forward(Span<byte> packet, long now, SourceState source)
    {
        var pid = TsPacket.Pid(packet);
        if (pid == TsPacket.NullPid)
        {
            return;
        }
        if (TsPacket.StartsUnit(packet) && pid != TsPacket.PatPid && pid != source.Program.PmtPid)
        {
            if (!StartPes(packet, pid, now, source))
            {
                return;
            }
        }
        else if (!_output.IsForwarding(pid) && pid != TsPacket.PatPid && pid != source.Program.PmtPid)
        {
            // The rest of a PES whose start was dropped (before the cut, or overlapping the old source).
            return;
        }
        if (TsPacket.HasPcr(packet))
        {
            TsPacket.SetPcrBase(packet, TsTime.Add(TsPacket.PcrBase(packet), _offset));
        }
        _output.Emit(packet, pid, pid != TsPacket.PatPid && pid != source.Program.PmtPid, _emit);
    }

    /// <summary>Shifts the timestamps of a new PES; false (and the whole PES dropped) if it would overlap.</summary>
    private bool StartPes(Span<byte> packet, int pid, long now, SourceState source)
    {
        var offset = TsPacket.PayloadOffset(packet);
        if (offset < 0)
        {
            _output.SetForwarding(pid, false);
            return false;
        }
        var payload = packet[offset..];
        if (!PesHeader.TryRead(payload, out _, out var dts))
        {
            _output.SetForwarding(pid, true);
            return true;
        }
        var outDts = TsTime.Add(dts, _offset);
        if (pid == source.Program.VideoPid && _lastOutVideoDts >= 0 && TsTime.Distance(_lastOutVideoDts, outDts) is var step
            && (step <= 0 || step > MaxClockStep || source.SqueezedFrames >= SqueezedFramesTolerated))
        {
            // The source's own clock jumped (a publisher returning into a session the server held restarts it
            // from zero), or its ingest keeps squeezing the frames of a clock that went back one tick apart:
            // passing it on would run the output clock backwards, skip ahead or stall. Resume from the source's
            // next keyframe, with the output clock continued as after a loss. One or two squeezed frames pass: a
            // sloppy source's repeated timestamp, which its ingest moved one tick on, is no reason to freeze the
            // picture for a GOP; a longer run is a clock that went back, which the ingest's restart ends.
            _output.SetForwarding(pid, false);
            RecutLocked();
            return false;
        }
        if (pid != source.Program.VideoPid && _output.LastDts(pid) is var lastDts and >= 0 && TsTime.Distance(lastDts, outDts) < MinimumMediaStep)
        {
            // Audio behind what was already sent, or squeezed one tick after it (the source's clock jumped back;
            // the video's jump starts the cut over): a decoder must never get two sets of samples for one moment.
            _output.SetForwarding(pid, false);
            return false;
        }
        var lastEnd = _output.LastEndBeforeCut(pid);
        if (lastEnd >= 0 && TsTime.Distance(lastEnd, outDts) < 0)
        {
            // Audio the new source muxed ahead of its keyframe lies before what the old source already sent:
            // two sets of samples for one moment would be an audible glitch and non-monotonic DTS downstream.
            _output.SetForwarding(pid, false);
            return false;
        }
        PesHeader.Shift(payload, _offset);
        _output.SetForwarding(pid, true);
        _output.SetLastDts(pid, outDts);
        if (pid == source.Program.VideoPid)
        {
            PesHeader.TryRead(payload, out var outPts, out _);
            _maxOutVideoPts = _lastOutVideoDts < 0 || TsTime.Distance(_maxOutVideoPts, outPts) > 0 ? outPts : _maxOutVideoPts;
            _previousOutVideoDts = _lastOutVideoDts;
            _lastOutVideoDts = outDts;
            _lastOutVideoAt = now;
        }
        return true;
    }
}
