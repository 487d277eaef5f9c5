using System.Collections.Concurrent;

namespace RelayWorker.Benchmarks.Soak;

/// <summary>
/// Counts what the worker logs: lines, bytes, and per route the ffmpeg warnings that mean the relayed timestamps
/// went backwards ("Non-monotonous DTS": the muxer then rewrites every timestamp to previous + 1, so the media
/// still flows but its clock stands still). Runs on the worker's stdout reader thread.
/// </summary>
internal sealed class WorkerLogCounter
{
    private const string RoutePrefix = "Route ";
    private const string TimestampWarning = "Non-monotonous DTS";

    private readonly ConcurrentDictionary<string, int> _timestampWarnings = new(StringComparer.Ordinal);
    private long _lines;
    private long _bytes;

    public long Lines => Interlocked.Read(ref _lines);

    public long Bytes => Interlocked.Read(ref _bytes);

    public int TimestampWarnings(string route) => _timestampWarnings.GetValueOrDefault(route);

    public void Observe(string line)
    {
        Interlocked.Increment(ref _lines);
        Interlocked.Add(ref _bytes, line.Length + 1);
        if (!line.Contains(TimestampWarning, StringComparison.Ordinal))
        {
            return;
        }
        // "… Route r03: ffmpeg: [mpegts @ …] Non-monotonous DTS …"
        var start = line.IndexOf(RoutePrefix, StringComparison.Ordinal);
        var colon = start < 0 ? -1 : line.IndexOf(':', start);
        if (colon > start)
        {
            _timestampWarnings.AddOrUpdate(line[(start + RoutePrefix.Length)..colon], 1, (_, n) => n + 1);
        }
    }
}
