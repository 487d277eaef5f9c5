using System.Text.Json;
using RelayWorker.Benchmarks.Infrastructure;

namespace RelayWorker.Benchmarks.Relay;

internal static partial class ManyRoutesBenchmark
{
    private const string StartProbes = "start";
    private const string OutageProbes = "outage";

    // /api/routes is how the benchmark reads restarts and speeds; under a storm it may be slow, so it gets a few tries.
    private const int ApiAttempts = 3;

    /// <summary>
    /// The worker with <paramref name="n"/> routes: start, steady window, shared outage. Also returns every route's
    /// ffmpeg command line as the worker ran it, for the bare variant.
    /// </summary>
    private static async Task<(ManyRoutesRun Run, IReadOnlyList<IReadOnlyList<string>> CommandLines)> RunWorkerAsync(RelayRig rig, int n, ManyRoutesSettings settings)
    {
        var routes = rig.Routes(n);
        var workerSettings = settings.MaxStarting > 0
            ? new Dictionary<string, string> { ["Relay__MaxStartingRoutes"] = settings.MaxStarting.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : null;
        await using var worker = BenchmarkWorker.Start(routes, workerSettings, launchThrough: CpuQueue.Behind);
        await using var probes = new EndpointProbes(worker);
        probes.Measure(StartProbes);
        var (allAfter, streaming) = await WaitForAllAsync(rig, n, worker.StartedAt, settings.Timeout);
        probes.Pause();
        var restarts = RestartsByReason(await RoutesAsync(worker));
        var child = worker.FfmpegChildren().Select(pid => (int?)pid).FirstOrDefault();
        var start = new StartPhase($"{CpuQueue.Describe(worker.Pid)} / {CpuQueue.Describe(child)}", allAfter, streaming, restarts, probes.Of(StartProbes), ProcFs.LoadAverage());

        var steady = await WorkerSteadyAsync(rig, n, worker, settings.Steady);
        var outage = settings.Outage > TimeSpan.Zero ? await WorkerOutageAsync(rig, n, worker, probes, settings) : null;

        // A route that is backing off has no child to copy its command line from; every route's line is the same
        // but for its sink, so the first one found serves for all.
        var (template, templateSink) = routes
            .Select(r => (Line: TryCommandLine(worker, r.Destination), r.Destination))
            .FirstOrDefault(t => t.Line is not null);
        if (template is null)
        {
            throw new InvalidOperationException($"no ffmpeg child of the worker is running to copy a command line from:\n{worker.OutputTail()}");
        }
        IReadOnlyList<IReadOnlyList<string>> commandLines = [.. routes.Select(r => FfmpegCommandLine.Replace(template, templateSink, r.Destination))];
        return (new ManyRoutesRun(n, Worker, start, steady, outage), commandLines);
    }

    /// <summary>
    /// The steady window: the worker's own CPU against that of its children present at both ends (the probes are
    /// paused, and /api/routes is read only outside the window, so the benchmark adds nothing to the worker's CPU).
    /// </summary>
    private static async Task<SteadyPhase> WorkerSteadyAsync(RelayRig rig, int n, WorkerProcess worker, TimeSpan length)
    {
        var before = RestartsByReason(await RoutesAsync(worker));
        var children = worker.FfmpegChildren();
        var window = CpuWindow.Begin([worker.Pid, .. children]);
        await Task.Delay(length);
        var (cores, _, seconds) = window.End();
        var rss = ProcFs.RssMiB(worker.Pid);
        var streaming = await StreamingNowAsync(rig, n);
        var routes = await RoutesAsync(worker);
        var after = RestartsByReason(routes);
        var speeds = routes.Select(Speed).ToList();
        var childCores = cores.Where(kv => kv.Key != worker.Pid).ToList();
        return new SteadyPhase(
            seconds,
            after.Values.Sum() - before.Values.Sum(),
            streaming,
            speeds.Min(),
            speeds.Count(s => s >= SteadyPhase.KeepsUp),
            cores.TryGetValue(worker.Pid, out var own) ? own : null,
            childCores.Sum(kv => kv.Value),
            childCores.Count,
            children.Count,
            rss,
            ProcFs.LoadAverage());
    }

    /// <summary>
    /// nginx (source and every destination's way in) down for the outage and started again on the same port, the
    /// publisher restarted: seconds from nginx accepting again until every route streams, and the restarts.
    /// </summary>
    private static async Task<OutagePhase> WorkerOutageAsync(RelayRig rig, int n, WorkerProcess worker, EndpointProbes probes, ManyRoutesSettings settings)
    {
        var beforeDown = RestartsByReason(await RoutesAsync(worker));
        probes.Measure(OutageProbes);
        await rig.Nginx.StopAsync();
        await rig.Publisher.StopAsync();
        await Task.Delay(settings.Outage);
        var atBack = RestartsByReason(await RoutesAsync(worker));
        await rig.Nginx.StartAgainAsync();
        var back = MonotonicClock.Now;
        await rig.RestartPublisherAsync();
        var (allAfter, streaming) = await WaitForAllAsync(rig, n, back, settings.Timeout);
        probes.Pause();
        var after = RestartsByReason(await RoutesAsync(worker));
        return new OutagePhase(allAfter, streaming, Delta(beforeDown, atBack), Delta(atBack, after), probes.Of(OutageProbes), ProcFs.LoadAverage());
    }

    private static async Task<IReadOnlyList<JsonElement>> RoutesAsync(WorkerProcess worker)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await worker.RoutesAsync();
            }
            catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && attempt < ApiAttempts)
            {
                await Task.Delay(Sample);
            }
        }
    }

    /// <summary>Restarts summed over every route, by reason (restartsByReason in /api/routes).</summary>
    private static SortedDictionary<string, long> RestartsByReason(IReadOnlyList<JsonElement> routes)
    {
        var totals = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var reason in routes.SelectMany(route => route.GetProperty("restartsByReason").EnumerateObject()))
        {
            totals[reason.Name] = totals.GetValueOrDefault(reason.Name) + reason.Value.GetInt64();
        }
        return totals;
    }

    /// <summary>The route's ffmpeg speed from its latest progress block; null when it has none (no child, or no progress yet).</summary>
    private static double? Speed(JsonElement route) =>
        route.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object
        && progress.TryGetProperty("speed", out var speed) && speed.ValueKind == JsonValueKind.Number
            ? speed.GetDouble()
            : null;

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
}
