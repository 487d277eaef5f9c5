using System.Diagnostics;
using RelayWorker.Benchmarks.Cli;
using RelayWorker.Benchmarks.Infrastructure;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// Many copy routes started at once, under the worker and as the same ffmpeg command lines run bare: how long until
/// every route delivers media (every sink grew within the last half second), how many restarts that took, and the
/// slowest /healthz/live answer while it happened. One nginx and one publisher serve every route.
/// </summary>
internal static class ManyRoutesBenchmark
{
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(500);

    public static async Task<int> RunAsync(CommandOptions options)
    {
        options.RejectUnknown("routes", "timeout");
        var counts = options.Ints("routes", [50, 100, 200], 1, 400);
        var timeout = options.Duration("timeout", TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10));
        Console.WriteLine($"many-routes: routes {string.Join(",", counts)}, each variant until every route streams or {timeout.TotalSeconds:0} s");
        await using var rig = await RelayRig.StartAsync(counts.Max());
        Console.WriteLine("| routes | variant | all streaming after (s) | streaming at the end | restarts | slowest /healthz/live (ms) | load |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var n in counts)
        {
            IReadOnlyList<IReadOnlyList<string>> commandLines;
            var routes = rig.Routes(n);
            {
                await using var worker = BenchmarkWorker.Start(routes);
                var started = MonotonicClock.Now;
                var probes = ProbeLivenessAsync(worker, timeout);
                var (allAfter, streaming) = await WaitForAllAsync(rig, n, started, timeout);
                var slowest = await probes;
                var restarts = (await worker.RestartsByReasonAsync()).Values.Sum();
                Print(n, "worker", allAfter, streaming, restarts.ToString(System.Globalization.CultureInfo.InvariantCulture), slowest);
                // A route that is backing off has no child to copy its command line from; every route's line is the
                // same but for its sink, so the first one serves for all.
                var template = routes.Select(r => TryCommandLine(worker, r.Destination)).OfType<IReadOnlyList<string>>().First();
                var templateSink = routes.First(r => TryCommandLine(worker, r.Destination) is not null).Destination;
                commandLines = [.. routes.Select(r => FfmpegCommandLine.Replace(template, templateSink, r.Destination))];
            }
            await Task.Delay(TimeSpan.FromSeconds(3));
            {
                var started = MonotonicClock.Now;
                var relays = commandLines.Select((args, i) => ManagedProcess.Start("ffmpeg", args, new ProcessOptions { Name = $"bare {i}", RetainedLines = 20 })).ToList();
                try
                {
                    var (allAfter, streaming) = await WaitForAllAsync(rig, n, started, timeout);
                    Print(n, "bare", allAfter, streaming, "-", null);
                }
                finally
                {
                    await Task.WhenAll(relays.Select(r => r.DisposeAsync().AsTask()));
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        return 0;
    }

    private static IReadOnlyList<string>? TryCommandLine(WorkerProcess worker, string destination)
    {
        try
        {
            return FfmpegCommandLine.OfChildWritingTo(worker, destination);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static void Print(int n, string variant, double? allAfter, int streaming, string restarts, double? slowestMs) =>
        Console.WriteLine($"| {n} | {variant} | {(allAfter is { } a ? Number.F(a, "0.0") : "never")} | {streaming}/{n} | {restarts} | "
            + $"{(slowestMs is { } s ? Number.F(s, "0") : "-")} | {ProcFs.LoadAverage()} |");

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

    /// <summary>Asks /healthz/live every half second while routes start; the slowest answer in ms (a timeout counts as 5000).</summary>
    private static async Task<double> ProbeLivenessAsync(WorkerProcess worker, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = worker.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var slowest = 0.0;
        var clock = Stopwatch.StartNew();
        var answered = false;
        while (clock.Elapsed < timeout && !worker.HasExited)
        {
            var probe = Stopwatch.StartNew();
            try
            {
                using var response = await client.GetAsync(new Uri("healthz/live", UriKind.Relative));
                answered |= response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Before the first answer the worker is still starting; after it, a failure is the slowest answer.
            }
            if (answered)
            {
                slowest = Math.Max(slowest, probe.Elapsed.TotalMilliseconds);
            }
            if (answered && clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                break;
            }
            await Task.Delay(Sample);
        }
        return slowest;
    }
}
