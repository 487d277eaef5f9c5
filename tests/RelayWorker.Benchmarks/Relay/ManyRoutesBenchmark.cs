using RelayWorker.Benchmarks.Cli;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// Many copy routes started at once, under the worker and as the same ffmpeg command lines run bare, both behind
/// nginx and the publisher in the CPU queue (<see cref="CpuQueue"/>). Per route count and variant: how long until
/// every route delivers media (every sink grew within the last half second) and the restarts it took; then a steady
/// window (restarts, speed, CPU, RSS); then, for the worker only, the shared RTMP server down and back. Before each
/// route count, the machine's floor: as many ffmpegs that only start and exit, launched at once. The worker's
/// endpoints are probed through the start and the outage. One nginx and one publisher serve every route.
/// </summary>
internal static partial class ManyRoutesBenchmark
{
    public const string Worker = "worker";
    public const string Bare = "bare";

    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(CommandOptions options)
    {
        options.RejectUnknown("routes", "timeout", "steady", "outage", "max-starting");
        var counts = options.Ints("routes", [50, 100, 200], 1, 400);
        var settings = new ManyRoutesSettings(
            options.Duration("timeout", TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10)),
            options.Duration("steady", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(30)),
            options.Duration("outage", TimeSpan.FromSeconds(5), TimeSpan.Zero, TimeSpan.FromMinutes(5)),
            options.Int("max-starting", 0, 0, 10_000));
        await using var rig = await RelayRig.StartAsync(counts.Max());
        ManyRoutesReport.Header(counts, settings, rig);
        var runs = new List<ManyRoutesRun>();
        var floors = new SortedDictionary<int, double>();
        foreach (var n in counts)
        {
            floors[n] = await StartFloorAsync(n, settings.Timeout);
            ManyRoutesReport.Floor(n, floors[n]);
            await Task.Delay(Pause);
            var (worker, commandLines) = await RunWorkerAsync(rig, n, settings);
            runs.Add(worker);
            ManyRoutesReport.Progress(worker);
            await Task.Delay(Pause);
            var bare = await RunBareAsync(rig, n, commandLines, settings);
            runs.Add(bare);
            ManyRoutesReport.Progress(bare);
            await Task.Delay(Pause);
        }
        ManyRoutesReport.Tables(runs, floors, settings);
        return 0;
    }

    /// <summary>Seconds from <paramref name="started"/> until every sink grew within one sample, and how many streamed at the end.</summary>
    private static async Task<(double? AllAfter, int Streaming)> WaitForAllAsync(RelayRig rig, int n, long started, TimeSpan timeout)
    {
        var sinks = rig.Sinks.Take(n).ToList();
        var before = sinks.Select(s => s.BytesReceived).ToArray();
        var streaming = 0;
        while (MonotonicClock.SecondsSince(started) < timeout.TotalSeconds)
        {
            await Task.Delay(Sample);
            var now = sinks.Select(s => s.BytesReceived).ToArray();
            streaming = now.Where((bytes, i) => bytes > before[i]).Count();
            before = now;
            if (streaming == n)
            {
                return (MonotonicClock.SecondsSince(started), n);
            }
        }
        return (null, streaming);
    }

    /// <summary>How many of the first <paramref name="n"/> sinks grow within one sample from now.</summary>
    private static async Task<int> StreamingNowAsync(RelayRig rig, int n)
    {
        var sinks = rig.Sinks.Take(n).ToList();
        var before = sinks.Select(s => s.BytesReceived).ToArray();
        await Task.Delay(Sample);
        return sinks.Where((sink, i) => sink.BytesReceived > before[i]).Count();
    }

    /// <summary>What changed between two restart counts by reason (reasons that did not change are left out).</summary>
    private static SortedDictionary<string, long> Delta(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        new(after.Where(kv => kv.Value != before.GetValueOrDefault(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key)), StringComparer.Ordinal);
}
