using RelayWorker.Benchmarks.Infrastructure;

namespace RelayWorker.Benchmarks.Relay;

internal static partial class ManyRoutesBenchmark
{
    /// <summary>
    /// The worker's own command lines, one bare ffmpeg each, at the same place in the CPU queue as the worker's
    /// children: start and steady window. No outage: without a supervisor an ffmpeg whose server goes away ends.
    /// </summary>
    private static async Task<ManyRoutesRun> RunBareAsync(RelayRig rig, int n, IReadOnlyList<IReadOnlyList<string>> commandLines, ManyRoutesSettings settings)
    {
        // The worker's lines carry -progress pipe:1, so each bare ffmpeg reports its speed on stdout.
        var progress = commandLines.Select(_ => new FfmpegProgress()).ToList();
        var started = MonotonicClock.Now;
        var relays = commandLines.Select((arguments, i) => CpuQueue.StartBehind("ffmpeg", arguments, new ProcessOptions
        {
            Name = $"bare {i}",
            RetainedLines = 20,
            OnStandardOutputLine = (line, _) => progress[i].Feed(line),
        })).ToList();
        try
        {
            var (allAfter, streaming) = await WaitForAllAsync(rig, n, started, settings.Timeout);
            var start = new StartPhase(CpuQueue.Describe(relays[0].Pid), allAfter, streaming, null, null, ProcFs.LoadAverage());

            var running = relays.Where(r => !r.HasExited).Select(r => r.Pid).ToList();
            var window = CpuWindow.Begin(running);
            await Task.Delay(settings.Steady);
            var (cores, _, seconds) = window.End();
            var speeds = progress.Select((p, i) => relays[i].HasExited ? null : p.Speed).ToList();
            var steady = new SteadyPhase(
                seconds,
                null,
                await StreamingNowAsync(rig, n),
                speeds.Min(),
                speeds.Count(s => s >= SteadyPhase.KeepsUp),
                null,
                cores.Values.Sum(),
                cores.Count,
                relays.Count,
                null,
                ProcFs.LoadAverage());
            return new ManyRoutesRun(n, Bare, start, steady, null);
        }
        finally
        {
            await Task.WhenAll(relays.Select(r => r.DisposeAsync().AsTask()));
        }
    }
}
