using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Soak;

/// <summary>
/// One fault of the continuity soak: what was done, when, what was on air, and when the sources were back. From the
/// switch log afterwards: how long the route took to leave a lost input and to come back.
/// </summary>
internal sealed record SoakFault(string Kind, string? OnAir, long At, long? BackAt)
{
    private static readonly string[] Kinds = ["primary down", "backup down", "both down", "ingest on air killed"];

    public static async Task<SoakFault> InjectAsync(
        int kind, TestPatternPublisher primary, TestPatternPublisher backup, WorkerProcess worker, SwitchLog log, Random random)
    {
        var onAir = log.OnAir;
        var at = MonotonicClock.Now;
        switch (kind)
        {
            case 0:
                await primary.KillAsync();
                break;
            case 1:
                await backup.KillAsync();
                break;
            case 2:
                await Task.WhenAll(primary.KillAsync(), backup.KillAsync());
                break;
            default:
                KillIngestOnAir(worker, onAir);
                return new SoakFault(Kinds[kind], onAir, at, null);
        }
        await Task.Delay(TimeSpan.FromSeconds(3 + (random.NextDouble() * 5)));
        await Task.WhenAll(Restore(primary), Restore(backup));
        return new SoakFault(Kinds[kind], onAir, at, MonotonicClock.Now);
    }

    public static void Report(IReadOnlyList<SoakFault> faults, SwitchLog log)
    {
        var lossTimes = new List<double>();
        var backTimes = new List<double>();
        for (var i = 0; i < faults.Count; i++)
        {
            var fault = faults[i];
            // A switch belongs to this fault only before the next fault began.
            var nextFault = i + 1 < faults.Count ? faults[i + 1].At : long.MaxValue;
            var hitOnAir = fault.Kind switch
            {
                "primary down" => fault.OnAir == "primary",
                "backup down" => fault.OnAir == "backup1",
                "both down" or "ingest on air killed" => fault.OnAir is "primary" or "backup1",
                _ => false,
            };
            if (hitOnAir && log.FirstAfter(fault.At, "loss") is { } loss && loss.At < nextFault)
            {
                lossTimes.Add(MonotonicClock.Seconds(fault.At, loss.At));
            }
            // Back up the order only when the fault took the route off the primary.
            if (hitOnAir && fault.BackAt is { } back && log.FirstAfter(back, "failback", "recovered") is { } up && up.At < nextFault)
            {
                backTimes.Add(MonotonicClock.Seconds(back, up.At));
            }
        }
        var switches = log.Switches;
        Console.WriteLine($"{faults.Count} faults ({string.Join(", ", faults.GroupBy(f => f.Kind).Select(g => $"{g.Key} {g.Count()}"))}), "
            + $"{switches.Count} switches ({string.Join(", ", switches.GroupBy(s => $"{s.To} ({s.Reason})").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))})");
        Console.WriteLine();
        Console.WriteLine("| switch | count | p50 (s) | p95 (s) | max (s) |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        Console.WriteLine(Row("fault on air → loss switch", lossTimes));
        Console.WriteLine(Row("sources back → failback or off the slate (FailbackAfter 3 s included)", backTimes));
    }

    private static string Row(string what, List<double> seconds)
    {
        if (seconds.Count == 0)
        {
            return $"| {what} | 0 | - | - | - |";
        }
        seconds.Sort();
        return $"| {what} | {seconds.Count} | {Number.F(Percentile(seconds, 0.5))} | {Number.F(Percentile(seconds, 0.95))} | {Number.F(seconds[^1])} |";
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    private static Task Restore(TestPatternPublisher publisher) => publisher.IsRunning ? Task.CompletedTask : publisher.RestartAsync();

    /// <summary>SIGKILL of the ingest ffmpeg reading the source on air (found by its input URL among the worker's children).</summary>
    private static void KillIngestOnAir(WorkerProcess worker, string? onAir)
    {
        var stream = onAir switch
        {
            "primary" => "/live/main",
            "backup1" => "/live/backup",
            _ => null,
        };
        if (stream is null)
        {
            return;
        }
        foreach (var pid in worker.FfmpegChildren())
        {
            var arguments = ProcFs.CommandLine(pid);
            if (arguments.Contains("pipe:1") && arguments.Any(a => a.EndsWith(stream, StringComparison.Ordinal)))
            {
                UnixSignal.Send(pid, UnixSignal.Kill);
                return;
            }
        }
    }
}
