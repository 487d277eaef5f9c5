using System.Globalization;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>The many-routes output: what was run, a line per finished run, then three tables (start, steady window, outage).</summary>
internal static class ManyRoutesReport
{
    public static void Header(IReadOnlyList<int> counts, ManyRoutesSettings settings, RelayRig rig)
    {
        Console.WriteLine(
            $"many-routes: routes {string.Join(",", counts)}; each variant until every route streams or {S(settings.Timeout)} s, then a {S(settings.Steady)} s steady window; "
            + (settings.Outage > TimeSpan.Zero ? $"then the worker sees the RTMP server down {S(settings.Outage)} s and back (bare ffmpeg has no supervisor, so no outage)" : "no outage (--outage 0)"));
        Console.WriteLine(
            $"CPU queue: nginx (nice {CpuQueue.Describe(rig.Nginx.Process.Pid)}) and the publisher (nice {CpuQueue.Describe(rig.Publisher.Pid)}) run ahead of the worker, "
            + $"its ffmpeg children and the bare ffmpegs, all started under `nice -n {CpuQueue.Increment}` (no root needed)");
        Console.WriteLine(
            "A route streams when its UDP sink grew within the last half second. /healthz/live, /healthz/ready, /metrics and /api/routes are each asked every "
            + "0.5 s with a 5 s client timeout from the worker's first answer on, through the start and through the outage (a timeout counts as 5000 ms); "
            + "they pause during the steady window, whose CPU counts only the processes present at both of its ends.");
        Console.WriteLine();
    }

    public static void Progress(ManyRoutesRun run)
    {
        var line = $"  {run.Routes} routes, {run.Variant}: all streaming after {Seconds(run.Start.AllAfter)} s, {run.Start.Streaming}/{run.Routes} at the end, "
            + $"steady min speed {Speed(run.Steady.MinSpeed)}, {Number.F(run.Steady.TotalCores, "0.000")} cores";
        if (run.Outage is { } outage)
        {
            line += $"; outage: back -> all streaming {Seconds(outage.AllAfterBack)} s, restarts after back {Restarts(outage.RestartsAfterBack)}";
        }
        Console.WriteLine(line + $"; load {ProcFs.LoadAverage()}");
    }

    public static void Floor(int routes, double seconds) =>
        Console.WriteLine($"  {routes} routes, floor: {routes} ffmpegs that only start and exit took {Number.F(seconds, "0.0")} s; load {ProcFs.LoadAverage()}");

    public static void Tables(IReadOnlyList<ManyRoutesRun> runs, IReadOnlyDictionary<int, double> floors, ManyRoutesSettings settings)
    {
        Console.WriteLine();
        Console.WriteLine("Start floor: as many ffmpegs as routes, each only loading its libraries, building one null frame and exiting, all launched at once "
            + "at the children's place in the CPU queue; no route streams before its ffmpeg has done this much:");
        var floor = new MarkdownTable("routes", "start-only ffmpegs all exited (s)", "bare all streaming ÷ floor", "worker all streaming ÷ floor");
        foreach (var (routes, seconds) in floors)
        {
            floor.Row(N(routes), Number.F(seconds, "0.0"), OverFloor(runs, routes, ManyRoutesBenchmark.Bare, seconds), OverFloor(runs, routes, ManyRoutesBenchmark.Worker, seconds));
        }
        Console.WriteLine(floor);
        Console.WriteLine($"Start: everything launched at once, until every route streams (or {S(settings.Timeout)} s); slowest endpoint answers in ms, from the first answer on:");
        var start = new MarkdownTable(
            "routes", "variant", "nice (process / child)", "all streaming after (s)", "streaming at the end", "restarts (by reason)",
            "/healthz/live", "/healthz/ready", "/metrics", "/api/routes", "answers over 1 s", "load (1/5/15 min)");
        foreach (var run in runs)
        {
            var p = run.Start.Probes;
            start.Row(
                N(run.Routes), run.Variant, run.Start.Nice, Seconds(run.Start.AllAfter), $"{run.Start.Streaming}/{run.Routes}",
                run.Start.Restarts is { } r ? Restarts(r) : "-", Ms(p, 0), Ms(p, 1), Ms(p, 2), Ms(p, 3), Slow(p), run.Start.Load);
        }
        Console.WriteLine(start);

        Console.WriteLine($"Steady window after the start: CPU over the window (cores = CPU seconds per second), speed and restarts at its end; ÷ bare compares worker + children with the bare ffmpegs at the same route count:");
        var steady = new MarkdownTable(
            "routes", "variant", "window (s)", "restarts in window", "streaming at the end", "min speed", $"at speed ≥ {SteadyPhase.KeepsUp:0.00}",
            "worker CPU / children's", "cores (processes measured)", "÷ bare", "worker RSS (MiB)", "load (1/5/15 min)");
        foreach (var run in runs)
        {
            var s = run.Steady;
            var bare = Find(runs, run.Routes, ManyRoutesBenchmark.Bare)?.Steady;
            steady.Row(
                N(run.Routes), run.Variant, Number.F(s.Seconds, "0"), s.RestartsInWindow is { } r ? r.ToString(CultureInfo.InvariantCulture) : "-",
                $"{s.Streaming}/{run.Routes}", Speed(s.MinSpeed), $"{s.AtSpeed}/{run.Routes}",
                s.WorkerCores is { } w && s.MeasuredCores > 0 ? Number.F(100 * w / s.MeasuredCores, "0.0") + " %" : "-",
                $"{Number.F(s.TotalCores, "0.000")} ({s.Measured}/{s.Of}{(s.WorkerCores is null ? "" : " children + worker")})",
                s.WorkerCores is not null && bare is { TotalCores: > 0 } ? Number.F(s.TotalCores / bare.TotalCores, "0.00") : "-",
                s.RssMiB is { } rss ? Number.F(rss, "0") : "-", s.Load);
        }
        Console.WriteLine(steady);

        if (settings.Outage <= TimeSpan.Zero)
        {
            return;
        }
        Console.WriteLine($"Shared outage: nginx (source and destinations) stopped {S(settings.Outage)} s, started again on the same port, the publisher restarted; restarts by reason, slowest endpoint answers in ms from nginx's stop until every route streams again:");
        var outage = new MarkdownTable(
            "routes", "variant", "back → all streaming (s)", "streaming at the end", "restarts while down", "restarts after back",
            "/healthz/live", "/healthz/ready", "/metrics", "/api/routes", "answers over 1 s", "load (1/5/15 min)");
        foreach (var run in runs)
        {
            if (run.Outage is not { } o)
            {
                outage.Row(N(run.Routes), run.Variant, "-", "-", "-", "-", "-", "-", "-", "-", "-", "-");
                continue;
            }
            outage.Row(
                N(run.Routes), run.Variant, Seconds(o.AllAfterBack), $"{o.Streaming}/{run.Routes}", Restarts(o.RestartsWhileDown), Restarts(o.RestartsAfterBack),
                Ms(o.Probes, 0), Ms(o.Probes, 1), Ms(o.Probes, 2), Ms(o.Probes, 3), Slow(o.Probes), o.Load);
        }
        Console.WriteLine(outage);
        Console.WriteLine(MachineFacts.LoadLine());
    }

    private static string OverFloor(IReadOnlyList<ManyRoutesRun> runs, int routes, string variant, double floor) =>
        Find(runs, routes, variant)?.Start.AllAfter is { } all && floor > 0 ? Number.F(all / floor, "0.00") : "-";

    /// <summary>The run of one variant at one route count, if it was measured.</summary>
    private static ManyRoutesRun? Find(IReadOnlyList<ManyRoutesRun> runs, int routes, string variant) =>
        runs.FirstOrDefault(r => r.Routes == routes && r.Variant == variant);

    /// <summary>"12 (stalled 10, exited 2)", or "0".</summary>
    private static string Restarts(IReadOnlyDictionary<string, long> byReason)
    {
        var nonZero = byReason.Where(kv => kv.Value != 0).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var total = N(nonZero.Sum(kv => kv.Value));
        return nonZero.Count == 0 ? "0" : $"{total} ({string.Join(", ", nonZero.Select(kv => $"{kv.Key} {N(kv.Value)}"))})";
    }

    private static string Ms(ProbePhase? probes, int path) =>
        probes?.SlowestMs(EndpointProbes.Paths[path]) is { } ms ? Number.F(ms, "0") : "-";

    private static string Slow(ProbePhase? probes) => probes is null ? "-" : $"{N(probes.Slow)} of {N(probes.Probes)}";

    private static string Seconds(double? seconds) => seconds is { } s ? Number.F(s, "0.0") : "never";

    private static string Speed(double? speed) => speed is { } s ? Number.F(s, "0.00") : "-";

    private static string S(TimeSpan span) => Number.F(span.TotalSeconds, "0.#");

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
