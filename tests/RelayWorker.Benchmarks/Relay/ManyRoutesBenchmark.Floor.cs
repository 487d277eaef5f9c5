namespace RelayWorker.Benchmarks.Relay;

internal static partial class ManyRoutesBenchmark
{
    /// <summary>What one ffmpeg costs before it reads a byte: it loads its shared libraries, builds one null frame and exits.</summary>
    private static readonly string[] StartOnly =
        ["-hide_banner", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "nullsrc", "-frames:v", "1", "-f", "null", "-"];

    /// <summary>
    /// The machine's floor for a start of <paramref name="n"/> routes: seconds until <paramref name="n"/> ffmpegs that
    /// only start and exit, all launched at once at the children's place in the CPU queue, have all exited. No route
    /// can stream before its ffmpeg has done this much, so neither the worker nor the bare command lines can have all
    /// <paramref name="n"/> streaming sooner.
    /// </summary>
    private static async Task<double> StartFloorAsync(int n, TimeSpan timeout)
    {
        var started = MonotonicClock.Now;
        var starts = Enumerable.Range(0, n)
            .Select(i => CpuQueue.StartBehind("ffmpeg", StartOnly, new ProcessOptions { Name = $"start-only {i}", RetainedLines = 5 }))
            .ToList();
        try
        {
            var codes = await Task.WhenAll(starts.Select(s => s.WaitForExitAsync(timeout)));
            if (codes.Any(code => code != 0))
            {
                throw new InvalidOperationException($"{codes.Count(code => code != 0)} of {n} start-only ffmpegs failed");
            }
            return MonotonicClock.SecondsSince(started);
        }
        finally
        {
            await Task.WhenAll(starts.Select(s => s.DisposeAsync().AsTask()));
        }
    }
}
