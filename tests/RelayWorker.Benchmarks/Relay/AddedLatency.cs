namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// The latency a hop adds, frame by frame: the same video frame's arrival at the hop's viewer minus its arrival at a
/// direct viewer. A copy keeps timestamps up to a constant shift, so frames are matched by PTS once that shift is
/// known. Candidate shifts come from pairing keyframes; they differ by whole GOPs, and the right one is the smallest
/// that gives a non-negative median (a hop cannot deliver a frame before the source does; a GOP is far longer than
/// any added latency measured here).
/// </summary>
internal sealed record AddedLatency(IReadOnlyList<double> Milliseconds, int Lost)
{
    private const long PtsToleranceMs = 1;

    public static AddedLatency? Match(IReadOnlyList<VideoArrival> direct, IReadOnlyList<VideoArrival> hop, long measuredFrom)
    {
        var byPts = new Dictionary<long, long>();
        foreach (var arrival in direct)
        {
            byPts.TryAdd(arrival.PtsMs, arrival.At);
        }
        var measured = hop.Where(h => h.At >= measuredFrom).ToList();
        var shifts = hop.Where(h => h.Key).Take(3)
            .SelectMany(h => direct.Where(d => d.Key).Select(d => h.PtsMs - d.PtsMs))
            .Distinct()
            .ToList();
        AddedLatency? best = null;
        double bestMedian = double.MaxValue;
        foreach (var shift in shifts)
        {
            var latencies = new List<double>();
            var matchedPts = new List<long>();
            foreach (var frame in measured)
            {
                if (Find(byPts, frame.PtsMs - shift) is { } directPts)
                {
                    latencies.Add(MonotonicClock.Milliseconds(byPts[directPts], frame.At));
                    matchedPts.Add(directPts);
                }
            }
            if (latencies.Count < measured.Count / 2)
            {
                continue;
            }
            var median = Reporting.Stats.Median(latencies);
            if (median >= 0 && median < bestMedian)
            {
                bestMedian = median;
                var seen = matchedPts.ToHashSet();
                var (low, high) = (matchedPts.Min(), matchedPts.Max());
                var lost = byPts.Keys.Count(p => p >= low && p <= high && !seen.Contains(p));
                best = new AddedLatency(latencies, lost);
            }
        }
        return best;
    }

    private static long? Find(Dictionary<long, long> byPts, long pts)
    {
        for (var d = -PtsToleranceMs; d <= PtsToleranceMs; d++)
        {
            if (byPts.ContainsKey(pts + d))
            {
                return pts + d;
            }
        }
        return null;
    }
}
