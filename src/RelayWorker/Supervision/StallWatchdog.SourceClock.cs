using RelayWorker.FFmpeg;

namespace RelayWorker.Supervision;

/// <summary>
/// The source-clock rule: once a run has had media, progress blocks that keep arriving while out_time stands still
/// mean packets flow with a clock that stopped or went back. nginx-rtmp holds a player's session while its publisher
/// is away, and the returning publisher's timestamps start again below what the player was given; ffmpeg 5.1 then
/// nudges each packet one tick past the last (out_time +0.5 ms a second, measured) and the picture stays frozen for
/// as long as the route had run (BENCHMARKS.md §14). Such a run is restarted at once instead of after StallTimeout.
/// ffmpeg writes a block only after it has read a packet, so a source that is merely silent (a publisher away, a
/// listener waiting for its caller) produces no block and is left to the stall and read timeouts; an HLS source,
/// whose clock jumps a segment at a time, is not watched this way at all.
/// </summary>
internal sealed partial class StallWatchdog
{
    /// <summary>A block whose out_time gained less than this share of the wall time since the previous block stood still.</summary>
    public const double StillMediaRate = 0.1;

    /// <summary>
    /// Two still blocks in a row (one second apart with <c>-stats_period 1</c>) prove the clock stopped: the first block
    /// after a source paused for a few seconds shows a small gain too, but the next one shows the source running again.
    /// </summary>
    public const int StillBlocksForFrozen = 2;

    /// <summary>A warning that timestamps went back corroborates one still block for this long.</summary>
    public static readonly TimeSpan BackwardsWarningHolds = TimeSpan.FromSeconds(3);

    private readonly TaskCompletionSource _frozen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long? _previousBlockTimestamp;
    private long? _previousBlockOutTime;
    private int _stillBlocks;
    private long? _backwardsWarningTimestamp;

    /// <summary>Completes when the source's clock has been found stopped, so the watch loop need not wait for its next tick.</summary>
    public Task Frozen => _frozen.Task;

    /// <summary>ffmpeg said a packet's timestamp went back ("Non-monotonous DTS", "out of order").</summary>
    public void TimestampsWentBack()
    {
        if (!watchesSourceClock)
        {
            return;
        }
        lock (_gate)
        {
            _backwardsWarningTimestamp = timeProvider.GetTimestamp();
            SignalIfFrozenLocked();
        }
    }

    /// <summary>Whether an ffmpeg log line says a timestamp went back; the demuxer's and the muxer's wording in ffmpeg 5.1 to 7.</summary>
    public static bool SaysTimestampsWentBack(string line) =>
        line.Contains("Non-monotonous DTS", StringComparison.Ordinal)
        || line.Contains("Non-monotonic DTS", StringComparison.Ordinal)
        || (line.Contains("DTS ", StringComparison.Ordinal) && line.Contains(" out of order", StringComparison.Ordinal));

    private void ObserveSourceClockLocked(ProgressSnapshot snapshot, long now)
    {
        if (!watchesSourceClock || snapshot.OutTimeMicroseconds is not { } outTime || snapshot.Ended)
        {
            return;
        }
        if (_firstMediaTimestamp is not null && _previousBlockTimestamp is { } previousAt && _previousBlockOutTime is { } previousOutTime)
        {
            var wall = timeProvider.GetElapsedTime(previousAt, now);
            var still = wall > TimeSpan.Zero && outTime - previousOutTime < wall.TotalMicroseconds * StillMediaRate;
            _stillBlocks = still ? _stillBlocks + 1 : 0;
        }
        _previousBlockTimestamp = now;
        _previousBlockOutTime = outTime;
        SignalIfFrozenLocked();
    }

    private bool SourceClockStoppedLocked()
    {
        if (_stillBlocks >= StillBlocksForFrozen)
        {
            return true;
        }
        return _stillBlocks >= 1 && _backwardsWarningTimestamp is { } warned && timeProvider.GetElapsedTime(warned) <= BackwardsWarningHolds;
    }

    private void SignalIfFrozenLocked()
    {
        if (SourceClockStoppedLocked())
        {
            _frozen.TrySetResult();
        }
    }
}
