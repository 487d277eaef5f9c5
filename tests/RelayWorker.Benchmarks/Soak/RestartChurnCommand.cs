using RelayWorker.Benchmarks.Cli;
using RelayWorker.Benchmarks.Infrastructure;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Soak;

/// <summary>
/// Many restarts fast, to see whether any of them leaves memory behind: N routes whose source refuses the connection
/// (a closed loopback port), so every ffmpeg starts, fails within a fraction of a second and is restarted after a
/// 10-20 ms backoff. Prints the worker's RSS, threads and descriptors at every --sample restarts; the figure to read
/// is the RSS after the last sample against the RSS after --first restarts.
/// </summary>
internal static class RestartChurnCommand
{
    public static async Task<int> RunAsync(CommandOptions options)
    {
        options.RejectUnknown("routes", "restarts", "first", "sample", "timeout");
        var routes = options.Int("routes", 20, 1, 200);
        var total = options.Int("restarts", 2000, 10, 100_000);
        var first = options.Int("first", 100, 1, total);
        var sample = options.Int("sample", 250, 10, total);
        var timeout = options.Duration("timeout", TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(1), TimeSpan.FromHours(6));
        Console.WriteLine($"restart-churn: {routes} routes to a closed loopback port, restarted after 10-20 ms, until {total} restarts (or {timeout.TotalMinutes:0} min)");

        var closedPort = FreePort.Tcp();
        var workerRoutes = Enumerable.Range(0, routes)
            .Select(i => new WorkerRoute($"churn{i}", $"rtmp://127.0.0.1:{closedPort}/live/churn{i}", $"udp://127.0.0.1:{FreePort.Udp()}?pkt_size=1316"))
            .ToList();
        await using var worker = BenchmarkWorker.Start(workerRoutes, new Dictionary<string, string>
        {
            ["Relay__Restart__InitialDelay"] = "00:00:00.010",
            ["Relay__Restart__MaxDelay"] = "00:00:00.020",
        });
        await worker.WaitUntilLiveAsync(TimeSpan.FromSeconds(60));
        var started = MonotonicClock.Now;

        Console.WriteLine("| restarts | seconds | RSS (MiB) | threads | open descriptors | children |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        double? rssAtFirst = null;
        double? rssAtEnd = null;
        var nextSample = first;
        while (MonotonicClock.SecondsSince(started) < timeout.TotalSeconds && !worker.HasExited)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var restarts = (await worker.RestartsByReasonAsync()).Values.Sum();
            if (restarts < nextSample)
            {
                continue;
            }
            var resources = ResourceSample.Of(worker.Pid) ?? throw new InvalidOperationException("the worker is gone");
            Console.WriteLine($"| {restarts} | {Number.F(MonotonicClock.SecondsSince(started), "0")} | {Number.F(resources.RssMiB, "0.0")} | "
                + $"{resources.Threads} | {resources.OpenFileDescriptors} | {resources.Children} |");
            rssAtFirst ??= resources.RssMiB;
            rssAtEnd = resources.RssMiB;
            if (restarts >= total)
            {
                break;
            }
            nextSample = nextSample == first ? sample : nextSample + sample;
        }
        if (rssAtFirst is { } a && rssAtEnd is { } b)
        {
            Console.WriteLine($"RSS after the first {first} restarts {Number.F(a, "0.0")} MiB, at the end {Number.F(b, "0.0")} MiB: {Number.F(b - a, "+0.0;-0.0")} MiB");
        }
        return 0;
    }
}
