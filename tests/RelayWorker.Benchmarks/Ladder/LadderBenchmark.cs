using RelayWorker.Benchmarks.Cli;
using RelayWorker.Benchmarks.Infrastructure;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Ladder;

/// <summary>
/// Issue 4 item 5: the 720p25, 576p25, 288p12 and 144p1 rungs from a 1080p25 source, made by one ffmpeg with one
/// decode and a split filter against four single-rung ffmpegs. Both variants run in the same invocation, alternating
/// (and swapping which goes first each repetition) so that the shared machine's drifting load hits both alike.
/// </summary>
internal static class LadderBenchmark
{
    public const string Live = "live";
    public const string Max = "max";

    public static async Task<int> RunAsync(CommandOptions options)
    {
        options.RejectUnknown("reps", "seconds", "modes", "outputs");
        var reps = options.Int("reps", 3, 1, 20);
        var seconds = options.Int("seconds", 20, 5, 120);
        var modes = options.Choices("modes", [Live, Max], Live, Max);
        var outputs = options.Choices("outputs", [LadderOutput.Null, LadderOutput.Udp], LadderOutput.Null, LadderOutput.Udp);
        var clip = await SourceClip.EnsureAsync(seconds);
        var rungs = LadderRung.Measured;
        Console.WriteLine($"ladder: rungs {string.Join(", ", rungs.Select(r => r.Name))} from {clip}; {reps} repetition(s), modes {string.Join(",", modes)}, outputs {string.Join(",", outputs)}");

        var results = new List<LadderRunResult>();
        for (var rep = 1; rep <= reps; rep++)
        {
            foreach (var mode in modes)
            {
                foreach (var output in outputs)
                {
                    string[] order = rep % 2 == 1 ? [LadderVariant.Split, LadderVariant.PerRung] : [LadderVariant.PerRung, LadderVariant.Split];
                    foreach (var variant in order)
                    {
                        var result = await RunOnceAsync(rep, mode, output, variant, clip, seconds, rungs);
                        results.Add(result);
                        Console.WriteLine(
                            $"  rep {rep} {mode,-4} {output,-4} {variant,-22} cpu {Number.F(result.CpuSeconds, "0.0")} s = {Number.F(result.CpuPerMediaSecond)} s/media-s, "
                            + $"wall {Number.F(result.WallSeconds, "0.0")} s, min speed {Number.F(result.MinSpeed)}x, exit ok {result.AllSucceeded}, load {result.LoadAverage}");
                    }
                }
            }
        }
        LadderReport.Print(results, rungs);
        return results.All(r => r.AllSucceeded) ? 0 : 1;
    }

    private static async Task<LadderRunResult> RunOnceAsync(int rep, string mode, string output, string variant, string clip, int seconds, IReadOnlyList<LadderRung> rungs)
    {
        var live = mode == Live;
        var sinks = output == LadderOutput.Udp ? rungs.Select(_ => UdpSink.Start()).ToList() : [];
        int? Port(int i) => sinks.Count > 0 ? sinks[i].Port : null;
        var load = ProcFs.LoadAverage();
        var cpuBefore = ProcFs.Self().ReapedChildrenCpuSeconds;
        var runs = variant == LadderVariant.Split
            ? [FfmpegRun.Start("split", LadderCommandLines.SplitOnce(clip, live, rungs, output, [.. rungs.Select((_, i) => Port(i))]))]
            : rungs.Select((rung, i) => FfmpegRun.Start(rung.Name, LadderCommandLines.SingleRung(clip, live, rung, output, Port(i)))).ToList();
        var startedAt = runs.Min(r => r.StartedAt);
        try
        {
            var timeout = TimeSpan.FromSeconds((seconds * 8) + 60);
            var ends = await Task.WhenAll(runs.Select(r => r.WaitAsync(timeout)));
            var cpu = ProcFs.Self().ReapedChildrenCpuSeconds - cpuBefore;
            var wall = MonotonicClock.Seconds(startedAt, ends.Max(e => e.EndedAt));
            var processes = runs.Select((r, i) => new LadderProcessResult(r.Label, r.CpuSeconds, r.Progress.Speed, r.Progress.OutTimeSeconds, ends[i].ExitCode)).ToList();
            foreach (var failed in runs.Where((_, i) => ends[i].ExitCode != 0))
            {
                Console.Error.WriteLine($"  {failed.Label} failed:\n{failed.Tail}");
            }
            return new LadderRunResult(rep, mode, output, variant, cpu, wall, seconds, processes, load);
        }
        finally
        {
            foreach (var run in runs)
            {
                await run.DisposeAsync();
            }
            foreach (var sink in sinks)
            {
                await sink.DisposeAsync();
            }
        }
    }
}
