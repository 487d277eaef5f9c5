using System.Globalization;
using RelayWorker.Benchmarks.Cli;
using RelayWorker.Benchmarks.Infrastructure;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// Issue 5, start-up: from the moment the worker process is started to /healthz/live, to its ffmpeg children, and
/// to the first datagram at every route's sink. N values alternate within each repetition.
/// </summary>
internal static class StartupBenchmark
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(CommandOptions options)
    {
        options.RejectUnknown("routes", "reps");
        var counts = options.Ints("routes", [1, 10, 20], 1, 100);
        var reps = options.Int("reps", 3, 1, 20);
        Console.WriteLine($"startup: routes {string.Join(",", counts)}, {reps} repetition(s)");
        await using var rig = await RelayRig.StartAsync(counts.Max());
        var results = new List<StartupResult>();
        for (var rep = 1; rep <= reps; rep++)
        {
            // Reverse the order every other repetition, so no N always follows the same predecessor.
            foreach (var n in rep % 2 == 1 ? counts : counts.Reverse())
            {
                var result = await RunOnceAsync(rig, n);
                results.Add(result);
                Console.WriteLine(
                    $"  rep {rep} n={n,-3} live {Number.Ms(result.LiveSeconds)} ms, first child {Number.Ms(result.FirstChildSeconds)} ms, all children {Number.Ms(result.AllChildrenSeconds)} ms, "
                    + $"first media {Number.Ms(result.MediaSeconds.Min())} ms, every route {Number.Ms(result.MediaSeconds.Max())} ms, load {result.LoadAverage}");
                // Let the previous worker's ffmpegs leave nginx before the next start.
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
        Print(results);
        return 0;
    }

    private static async Task<StartupResult> RunOnceAsync(RelayRig rig, int n)
    {
        var load = ProcFs.LoadAverage();
        await using var worker = BenchmarkWorker.Start(rig.Routes(n));
        var start = worker.StartedAt;
        var firstMedia = rig.FirstMediaAsync(n, start, Timeout);
        long? firstChild = null;
        var allChildren = Poll.SpinUntilAsync(
            () =>
            {
                var count = worker.FfmpegChildren().Count;
                if (count > 0)
                {
                    firstChild ??= MonotonicClock.Now;
                }
                return count >= n;
            },
            Timeout);
        var live = await worker.WaitUntilLiveAsync(Timeout);
        var all = await allChildren;
        var media = await firstMedia;
        if (media.Any(m => m is null) || all is null)
        {
            throw new InvalidOperationException($"n={n}: {media.Count(m => m is null)} route(s) without media, all children seen: {all is not null}\n{worker.OutputTail()}");
        }
        return new StartupResult(
            n,
            MonotonicClock.Seconds(start, live),
            MonotonicClock.Seconds(start, firstChild ?? all.Value),
            MonotonicClock.Seconds(start, all.Value),
            [.. media.Select(m => MonotonicClock.Seconds(start, m!.Value))],
            load);
    }

    private static void Print(IReadOnlyList<StartupResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("Milliseconds from starting the worker process, min / median / max over repetitions:");
        var table = new MarkdownTable("routes", "/healthz/live 200", "first ffmpeg", "all ffmpegs", "first route's media", "median route's media", "every route's media", "runs");
        foreach (var group in results.GroupBy(r => r.Routes).OrderBy(g => g.Key))
        {
            var runs = group.ToList();
            table.Row(
                group.Key.ToString(CultureInfo.InvariantCulture),
                Spread(runs.Select(r => r.LiveSeconds)),
                Spread(runs.Select(r => r.FirstChildSeconds)),
                Spread(runs.Select(r => r.AllChildrenSeconds)),
                Spread(runs.Select(r => r.MediaSeconds.Min())),
                Spread(runs.Select(r => Stats.Median(r.MediaSeconds))),
                Spread(runs.Select(r => r.MediaSeconds.Max())),
                runs.Count.ToString(CultureInfo.InvariantCulture));
        }
        Console.WriteLine(table);
        Console.WriteLine(MachineFacts.LoadLine());
    }

    private static string Spread(IEnumerable<double> seconds) => Stats.Spread([.. seconds.Select(s => s * 1000)], "0");

    private sealed record StartupResult(int Routes, double LiveSeconds, double FirstChildSeconds, double AllChildrenSeconds, IReadOnlyList<double> MediaSeconds, string LoadAverage);
}
