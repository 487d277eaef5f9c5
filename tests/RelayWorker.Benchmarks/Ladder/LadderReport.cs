using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Ladder;

/// <summary>The ladder tables: each variant's cost and speed, the pairwise ratio, and what each rung costs alone.</summary>
internal static class LadderReport
{
    public static void Print(IReadOnlyList<LadderRunResult> results, IReadOnlyList<LadderRung> rungs)
    {
        Console.WriteLine();
        Console.WriteLine("CPU seconds per media second (= cores busy at real time), min / median / max over repetitions:");
        var table = new MarkdownTable("mode", "output", "variant", "CPU s per media s", "slowest process speed (x)", "keeps real time", "wall s", "runs");
        foreach (var group in results.GroupBy(r => (r.Mode, r.Output, r.Variant)))
        {
            var runs = group.ToList();
            table.Row(
                group.Key.Mode,
                group.Key.Output,
                group.Key.Variant,
                Stats.Spread([.. runs.Select(r => r.CpuPerMediaSecond)]),
                Stats.Spread([.. runs.Select(r => r.MinSpeed)]),
                group.Key.Mode == LadderBenchmark.Live ? $"{runs.Count(r => r.KeepsRealTime)}/{runs.Count}" : "(unthrottled)",
                Stats.Spread([.. runs.Select(r => r.WallSeconds)], "0.0"),
                runs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        Console.WriteLine(table);

        Console.WriteLine("Ratio per-rung / split, pair by pair (same repetition, mode and output), min / median / max:");
        var ratios = new MarkdownTable("mode", "output", "CPU ratio", "wall ratio", "pairs");
        foreach (var group in results.GroupBy(r => (r.Mode, r.Output)))
        {
            var pairs = group.GroupBy(r => r.Repetition)
                .Select(rep => (Split: rep.Single(r => r.Variant == LadderVariant.Split), PerRung: rep.Single(r => r.Variant == LadderVariant.PerRung)))
                .ToList();
            ratios.Row(
                group.Key.Mode,
                group.Key.Output,
                Stats.Spread([.. pairs.Select(p => p.PerRung.CpuSeconds / p.Split.CpuSeconds)]),
                Stats.Spread([.. pairs.Select(p => p.PerRung.WallSeconds / p.Split.WallSeconds)]),
                pairs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        Console.WriteLine(ratios);

        Console.WriteLine("Each process's own CPU per media second (median over repetitions; read from /proc at progress=end):");
        var perProcess = new MarkdownTable("mode", "output", "variant", "process", "CPU s per media s", "final speed (x)");
        foreach (var group in results.GroupBy(r => (r.Mode, r.Output, r.Variant)))
        {
            var labels = group.First().Processes.Select(p => p.Label);
            foreach (var label in labels)
            {
                var samples = group.Select(r => (Run: r, Process: r.Processes.Single(p => p.Label == label))).ToList();
                perProcess.Row(
                    group.Key.Mode,
                    group.Key.Output,
                    group.Key.Variant,
                    label,
                    Number.F(Stats.Median([.. samples.Where(s => s.Process.CpuSeconds is not null).Select(s => s.Process.CpuSeconds!.Value / s.Run.MediaSeconds)])),
                    Number.F(Stats.Median([.. samples.Select(s => s.Process.Speed ?? 0)])));
            }
        }
        Console.WriteLine(perProcess);
        Console.WriteLine($"rungs: {string.Join("; ", rungs.Select(r => $"{r.Name} {r.Width}x{r.Height} {r.Fps} fps {r.Kbps}k bufsize {r.BufferKbits}k g {r.KeyframeInterval}"))}");
        Console.WriteLine(MachineFacts.LoadLine());
    }
}
