using RelayWorker.FFmpeg;

namespace RelayWorker.Supervision;

/// <summary>
/// Decides when a run has stalled: media time (out_time) has not advanced for the stall timeout, whether
/// progress blocks keep coming or not. A listening route may wait for its peer indefinitely, so its clock
/// only starts with the first block.
/// </summary>
internal sealed class StallWatchdog(TimeProvider timeProvider, TimeSpan stallTimeout, bool armedAtStart)
{
    private long? _lastAdvanceTimestamp = armedAtStart ? timeProvider.GetTimestamp() : null;
    private long? _lastOutTime;
    private long? _firstMediaTimestamp;
    private long? _lastMediaTimestamp;
    private long? _lastTotalSize;

    /// <summary>Records a block; true when media moved forward.</summary>
    public bool Observe(ProgressSnapshot snapshot)
    {
        var now = timeProvider.GetTimestamp();
        _lastAdvanceTimestamp ??= now;
        // out_time is the media clock; some stream-copy builds print N/A, so output growth also counts.
        // ffmpeg 5.1's first block reads out_time_us=0 before any media has moved: zero is no advance.
        var advanced = snapshot.OutTimeMicroseconds is { } outTime && outTime > (_lastOutTime ?? 0)
            || _lastOutTime is null && snapshot.TotalSizeBytes is { } size && size > (_lastTotalSize ?? 0);
        if (snapshot.OutTimeMicroseconds is { } t)
        {
            _lastOutTime = Math.Max(t, _lastOutTime ?? long.MinValue);
        }
        _lastTotalSize = snapshot.TotalSizeBytes ?? _lastTotalSize;
        if (advanced)
        {
            _lastAdvanceTimestamp = now;
            _firstMediaTimestamp ??= now;
            _lastMediaTimestamp = now;
        }
        return advanced;
    }

    /// <summary>How long media moved in this run, first advance to last: what proves a route healthy.</summary>
    public TimeSpan StreamedFor => _firstMediaTimestamp is { } first && _lastMediaTimestamp is { } last
        ? timeProvider.GetElapsedTime(first, last)
        : TimeSpan.Zero;

    public bool IsStalled => _lastAdvanceTimestamp is { } last && timeProvider.GetElapsedTime(last) >= stallTimeout;
}
