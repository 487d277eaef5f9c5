using System.Globalization;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>The supervision tables: cost per variant, and worker over bare pair by pair.</summary>
internal static class SupervisionReport
{
    public static void Print(IReadOnlyList<SupervisionResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("Cores used over the measured window (CPU s per wall s), min / median / max over repetitions:");
        var table = new MarkdownTable("routes", "variant", "ffmpeg relays (cores)", "worker itself (cores)", "total (cores)", "per route (ms CPU/s)",
            "worker RSS MiB", "worker threads", "worker fds", "nginx (cores)", "delivered KiB/s", "children replaced");
        foreach (var group in results.GroupBy(r => (r.Routes, r.Variant)).OrderBy(g => g.Key.Routes).ThenByDescending(g => g.Key.Variant))
        {
            var runs = group.ToList();
            var isWorker = group.Key.Variant != SupervisionResult.Bare;
            table.Row(
                group.Key.Routes.ToString(CultureInfo.InvariantCulture),
                group.Key.Variant,
                Stats.Spread([.. runs.Select(r => r.RelayCores)], "0.000"),
                isWorker ? Stats.Spread([.. runs.Select(r => r.WorkerCores ?? 0)], "0.000") : "-",
                Stats.Spread([.. runs.Select(r => r.TotalCores)], "0.000"),
                Stats.Spread([.. runs.Select(r => r.TotalCores * 1000 / r.Routes)], "0.0"),
                isWorker ? Stats.Spread([.. runs.Select(r => r.WorkerRssMiB ?? 0)], "0") : "-",
                isWorker ? Stats.Spread([.. runs.Select(r => (double)(r.WorkerThreads ?? 0))], "0") : "-",
                isWorker ? Stats.Spread([.. runs.Select(r => (double)(r.WorkerFds ?? 0))], "0") : "-",
                Stats.Spread([.. runs.Select(r => r.NginxCores)], "0.000"),
                Stats.Spread([.. runs.Select(r => r.DeliveredKiBPerSecond)], "0"),
                runs.Sum(r => r.ChildrenReplaced).ToString(CultureInfo.InvariantCulture));
        }
        Console.WriteLine(table);

        Console.WriteLine("Worker run over bare run, pair by pair (same repetition and N), min / median / max:");
        var ratios = new MarkdownTable("routes", "worker", "total CPU ratio (worker+children / bare)", "relay CPU ratio (children / bare)", "worker's share of the total", "pairs");
        var workers = results.Where(r => r.IsWorker).Select(r => r.Variant).Distinct().Order(StringComparer.Ordinal);
        foreach (var (routes, worker) in results.Select(r => r.Routes).Distinct().Order().SelectMany(n => workers.Select(w => (n, w))))
        {
            var pairs = results.Where(r => r.Routes == routes).GroupBy(r => r.Repetition)
                .Where(rep => rep.Any(r => r.Variant == worker) && rep.Any(r => r.Variant == SupervisionResult.Bare))
                .Select(rep => (Worker: rep.Single(r => r.Variant == worker), Bare: rep.Single(r => r.Variant == SupervisionResult.Bare)))
                .ToList();
            ratios.Row(
                routes.ToString(CultureInfo.InvariantCulture),
                worker,
                Stats.Spread([.. pairs.Select(p => p.Worker.TotalCores / p.Bare.TotalCores)], "0.000"),
                Stats.Spread([.. pairs.Select(p => p.Worker.RelayCores / p.Bare.RelayCores)], "0.000"),
                Stats.Spread([.. pairs.Select(p => (p.Worker.WorkerCores ?? 0) / p.Worker.TotalCores)], "0.000"),
                pairs.Count.ToString(CultureInfo.InvariantCulture));
        }
        Console.WriteLine(ratios);
        Console.WriteLine(MachineFacts.LoadLine());
    }
}
