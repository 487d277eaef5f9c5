using RelayWorker.FFmpeg;

namespace RelayWorker.Supervision;

/// <summary>
/// Decides when a run has stalled: media time (out_time) has not kept pace for the stall timeout, whether
/// progress blocks keep coming or not. The clock starts when the child really exists (<see cref="ChildStarted"/>),
/// not when the run was planned: a start that waited in a queue has not stalled. Until the first media a run is
/// starting, under its own deadline (<paramref name="startTimeout"/>: connect, probe and handshake); after it, media
/// that stops keeping pace for <paramref name="stallTimeout"/> is a stall. A listening route may wait for its peer
/// indefinitely, so its clock only starts with the first block. Written by the progress reader and read by the
/// supervision loop, so every access holds one lock.
/// </summary>
internal sealed partial class StallWatchdog(
    TimeProvider timeProvider, TimeSpan stallTimeout, bool armedAtStart, TimeSpan? startTimeout = null, bool watchesSourceClock = false)
{
    private readonly Lock _gate = new();

    /// <summary>
    /// Media must advance at least half as fast as the wall clock to count. After a source flap behind an
    /// RTMP server, the returning publisher's timestamps restart below what was written and ffmpeg's muxer
    /// nudges each packet one tick past the last: out_time still creeps up, but the picture is frozen for
    /// as long as the route had run (measured in the soak, RELIABILITY.md). Live media runs at 1x.
    /// </summary>
    public const double MinimumMediaRate = 0.5;

    private long? _lastAdvanceTimestamp;
    private long? _referenceOutTime;
    private long? _firstMediaTimestamp;
    private long? _lastMediaTimestamp;
    private long? _lastTotalSize;

    /// <summary>The child process exists: a route that does not wait for a peer starts its stall clock now.</summary>
    public void ChildStarted()
    {
        lock (_gate)
        {
            if (armedAtStart)
            {
                _lastAdvanceTimestamp ??= timeProvider.GetTimestamp();
            }
        }
    }

    /// <summary>
    /// The run is not to blame for having no media now (a continuous route's output while no input delivers): its
    /// stall and first-media clocks start over from this moment.
    /// </summary>
    public void Excuse()
    {
        lock (_gate)
        {
            if (_lastAdvanceTimestamp is not null)
            {
                _lastAdvanceTimestamp = timeProvider.GetTimestamp();
            }
        }
    }

    /// <summary>Records a block; true when media moved forward at a live pace.</summary>
    public bool Observe(ProgressSnapshot snapshot)
    {
        lock (_gate)
        {
            return ObserveLocked(snapshot);
        }
    }

    private bool ObserveLocked(ProgressSnapshot snapshot)
    {
        var now = timeProvider.GetTimestamp();
        var sinceLastAdvance = _lastAdvanceTimestamp is { } last ? timeProvider.GetElapsedTime(last, now) : TimeSpan.Zero;
        _lastAdvanceTimestamp ??= now;
        bool advanced;
        if (snapshot.OutTimeMicroseconds is { } outTime)
        {
            // ffmpeg 5.1's first block reads out_time_us=0 before any media has moved: zero is no advance.
            var gain = outTime - (_referenceOutTime ?? 0);
            advanced = gain > 0 && (_referenceOutTime is null || gain >= sinceLastAdvance.TotalMicroseconds * MinimumMediaRate);
            if (advanced)
            {
                _referenceOutTime = outTime;
            }
        }
        else
        {
            // Some stream-copy builds print out_time=N/A: then output growth is the only sign of media.
            advanced = _referenceOutTime is null && snapshot.TotalSizeBytes is { } size && size > (_lastTotalSize ?? 0);
        }
        _lastTotalSize = snapshot.TotalSizeBytes ?? _lastTotalSize;
        ObserveSourceClockLocked(snapshot, now);
        if (advanced)
        {
            _lastAdvanceTimestamp = now;
            _firstMediaTimestamp ??= now;
            _lastMediaTimestamp = now;
        }
        return advanced;
    }

    /// <summary>How long media moved in this run, first advance to last: what proves a route healthy.</summary>
    public TimeSpan StreamedFor
    {
        get
        {
            lock (_gate)
            {
                return _firstMediaTimestamp is { } first && _lastMediaTimestamp is { } last
                    ? timeProvider.GetElapsedTime(first, last)
                    : TimeSpan.Zero;
            }
        }
    }

    /// <summary>True once the run has delivered its first media.</summary>
    public bool HasMedia
    {
        get
        {
            lock (_gate)
            {
                return _firstMediaTimestamp is not null;
            }
        }
    }

    public StallVerdict Verdict
    {
        get
        {
            lock (_gate)
            {
                if (_lastAdvanceTimestamp is not { } last)
                {
                    return StallVerdict.None;
                }
                if (SourceClockStoppedLocked())
                {
                    return StallVerdict.Frozen;
                }
                var idle = timeProvider.GetElapsedTime(last);
                if (_firstMediaTimestamp is null)
                {
                    return idle >= (startTimeout ?? stallTimeout) ? StallVerdict.NoFirstMedia : StallVerdict.None;
                }
                return idle >= stallTimeout ? StallVerdict.Stalled : StallVerdict.None;
            }
        }
    }

    public bool IsStalled => Verdict != StallVerdict.None;
}

/// <summary>What the watchdog makes of a run right now.</summary>
internal enum StallVerdict
{
    None,

    /// <summary>The run has not delivered its first media within the start deadline.</summary>
    NoFirstMedia,

    /// <summary>Media has not kept pace for the stall timeout.</summary>
    Stalled,

    /// <summary>Packets keep coming but their clock stopped or went back (a publisher returning into a held session).</summary>
    Frozen,
}
