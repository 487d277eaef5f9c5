namespace RelayWorker.Status;

/// <summary>
/// How fast a run's media clock (ffmpeg's out_time) advances against the wall clock, over a sliding window.
/// Not thread-safe: its owner calls it under its own lock.
/// </summary>
internal sealed class MediaClockRate(TimeProvider timeProvider, TimeSpan window)
{
    private readonly Queue<(long Timestamp, long OutTimeUs)> _samples = new();

    public void Clear() => _samples.Clear();

    /// <summary>Adds a sample; the rate over the window once it covers one, else null.</summary>
    public double? Rate(long timestamp, long outTimeUs)
    {
        _samples.Enqueue((timestamp, outTimeUs));
        // Keep the newest sample that is at least a window old, so the rate always spans the whole window.
        while (_samples.Count > 2 && timeProvider.GetElapsedTime(ElementAt(1).Timestamp, timestamp) >= window)
        {
            _samples.Dequeue();
        }
        var (oldestAt, oldestOut) = _samples.Peek();
        var span = timeProvider.GetElapsedTime(oldestAt, timestamp);
        return span >= window ? (outTimeUs - oldestOut) / span.TotalMicroseconds : null;
    }

    private (long Timestamp, long OutTimeUs) ElementAt(int index) => _samples.ElementAt(index);
}
