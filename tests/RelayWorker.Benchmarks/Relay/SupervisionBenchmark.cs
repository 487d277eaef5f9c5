using RelayWorker.Benchmarks.Cli;
using RelayWorker.Benchmarks.Infrastructure;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// Issue 5, supervision overhead: N copy routes under the worker against the very same ffmpeg command lines (read
/// from the worker's children) started bare by this program. Same nginx, same publisher, same sinks; the two
/// variants alternate, and which goes first swaps every repetition.
/// </summary>
internal static class SupervisionBenchmark
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public static async Task<int> RunAsync(CommandOptions options)
    {
        options.RejectUnknown("routes", "reps", "window", "warmup", "workers");
        var counts = options.Ints("routes", [20, 50], 1, 100);
        var reps = options.Int("reps", 2, 1, 10);
        var window = options.Duration("window", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));
        var warmup = options.Duration("warmup", TimeSpan.FromSeconds(10), TimeSpan.Zero, TimeSpan.FromMinutes(5));
        var workers = options.Choices("workers", [SupervisionResult.Worker], SupervisionResult.Worker, SupervisionResult.ManagedWorker);
        Console.WriteLine($"supervision: workers {string.Join(",", workers)}, routes {string.Join(",", counts)}, {reps} repetition(s), {window.TotalSeconds:0} s window after {warmup.TotalSeconds:0} s warm-up");

        await using var rig = await RelayRig.StartAsync(counts.Max());
        var commandLines = new Dictionary<int, IReadOnlyList<IReadOnlyList<string>>>();
        var results = new List<SupervisionResult>();
        for (var rep = 1; rep <= reps; rep++)
        {
            foreach (var n in counts)
            {
                // The bare run needs the worker's command lines, so the very first run of each N is the worker's.
                string[] variants = [.. workers, SupervisionResult.Bare];
                foreach (var variant in rep % 2 == 1 ? variants : variants.Reverse())
                {
                    var result = variant == SupervisionResult.Bare
                        ? await RunBareAsync(rep, n, rig, window, warmup, commandLines[n])
                        : await RunWorkerAsync(rep, n, variant, rig, window, warmup, commandLines);
                    results.Add(result);
                    Console.WriteLine(
                        $"  rep {rep} n={n} {variant,-6} relays {Number.F(result.RelayCores, "0.000")} cores, worker {Number.F(result.WorkerCores ?? double.NaN, "0.000")} cores, "
                        + $"total {Number.F(result.TotalCores, "0.000")}, RSS {Number.F(result.WorkerRssMiB ?? double.NaN, "0")} MiB, delivered {Number.F(result.DeliveredKiBPerSecond, "0")} KiB/s, "
                        + $"replaced {result.ChildrenReplaced}, load {result.LoadAverage}");
                }
            }
        }
        SupervisionReport.Print(results);
        return 0;
    }

    private static async Task<SupervisionResult> RunWorkerAsync(
        int rep, int n, string variant, RelayRig rig, TimeSpan window, TimeSpan warmup, Dictionary<int, IReadOnlyList<IReadOnlyList<string>>> commandLines)
    {
        var routes = rig.Routes(n);
        var build = variant == SupervisionResult.ManagedWorker ? RepositoryLayout.ManagedWorkerSnapshot : RepositoryLayout.WorkerSnapshot;
        await using var worker = BenchmarkWorker.Start(routes, worker: build);
        await worker.WaitUntilLiveAsync(StartTimeout);
        await RequireMediaAsync(rig, n, worker.StartedAt, () => worker.OutputTail());
        await Task.Delay(warmup);
        commandLines.TryAdd(n, [.. routes.Select(r => FfmpegCommandLine.OfChildWritingTo(worker, r.Destination))]);
        var children = worker.FfmpegChildren();
        var measured = await MeasureAsync(rig, n, [.. children], worker.Pid, window);
        return measured with { Repetition = rep, Variant = variant, ChildrenReplaced = measured.ChildrenReplaced + Math.Max(0, n - children.Count) };
    }

    private static async Task<SupervisionResult> RunBareAsync(int rep, int n, RelayRig rig, TimeSpan window, TimeSpan warmup, IReadOnlyList<IReadOnlyList<string>> commandLines)
    {
        var startedAt = MonotonicClock.Now;
        var relays = commandLines.Select((args, i) => ManagedProcess.Start("ffmpeg", args, new ProcessOptions { RetainedLines = 60, Name = $"bare {RelayRig.RouteName(i)}" })).ToList();
        try
        {
            await RequireMediaAsync(rig, n, startedAt, () => relays[0].OutputTail());
            await Task.Delay(warmup);
            var measured = await MeasureAsync(rig, n, [.. relays.Select(r => r.Pid)], null, window);
            return measured with { Repetition = rep, Variant = SupervisionResult.Bare };
        }
        finally
        {
            await Task.WhenAll(relays.Select(r => r.StopAsync().ContinueWith(_ => r.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap()));
        }
    }

    private static async Task RequireMediaAsync(RelayRig rig, int n, long after, Func<string> diagnostics)
    {
        var first = await rig.FirstMediaAsync(n, after, StartTimeout);
        if (first.Any(t => t is null))
        {
            throw new InvalidOperationException($"{first.Count(t => t is null)} of {n} routes delivered no media:\n{diagnostics()}");
        }
    }

    private static async Task<SupervisionResult> MeasureAsync(RelayRig rig, int n, IReadOnlyList<int> relayPids, int? workerPid, TimeSpan window)
    {
        var load = ProcFs.LoadAverage();
        var bytesBefore = rig.Sinks.Take(n).Sum(s => s.BytesReceived);
        var relays = CpuWindow.Begin(relayPids);
        var others = CpuWindow.Begin(workerPid is { } w ? [rig.Nginx.Process.Pid, w] : [rig.Nginx.Process.Pid]);
        await Task.Delay(window);
        var relayCores = relays.End();
        var otherCores = others.End();
        var delivered = (rig.Sinks.Take(n).Sum(s => s.BytesReceived) - bytesBefore) / 1024.0 / relayCores.Seconds;
        double? workerCores = workerPid is { } pid ? otherCores.Cores.GetValueOrDefault(pid) : null;
        return new SupervisionResult(
            0,
            n,
            "",
            relayCores.Cores.Values.Sum(),
            workerCores,
            workerPid is { } p1 ? ProcFs.RssMiB(p1) : null,
            workerPid is { } p2 ? ProcFs.Threads(p2) : null,
            workerPid is { } p3 ? ProcFs.OpenFileDescriptors(p3) : null,
            otherCores.Cores.GetValueOrDefault(rig.Nginx.Process.Pid),
            delivered,
            relayCores.Gone,
            load);
    }
}
