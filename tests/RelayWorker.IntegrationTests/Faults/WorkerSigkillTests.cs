using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Faults;

/// <summary>
/// A SIGKILLed worker runs no code at all: only the kernel's parent-death signal can end its children. These
/// variants kill it while children are being started, so a start that raced the kill would leave an orphan.
/// </summary>
[Collection(TestLanes.Main)]
public sealed class WorkerSigkillTests(ITestOutputHelper output)
{
    /// <summary>When the SIGKILL lands.</summary>
    public enum KillMoment
    {
        /// <summary>Two routes streaming, the third waiting out a 2.5..5 s restart delay.</summary>
        TwoRunningOneBackingOff,

        /// <summary>The first child exists; the other routes' children are being spawned right now.</summary>
        FirstChildAppears,

        /// <summary>The third route restarts every ~0.1 s (tiny backoff), so the kill meets a spawn in progress.</summary>
        DuringRapidRestarts,
    }

    [Theory(Timeout = 60_000)]
    [InlineData(KillMoment.TwoRunningOneBackingOff)]
    [InlineData(KillMoment.FirstChildAppears)]
    [InlineData(KillMoment.DuringRapidRestarts)]
    public async Task Worker_SigkillWithThreeRoutes_LeavesNoChildBehind(KillMoment moment)
    {
        await using var sinkA = UdpSink.Start();
        await using var sinkB = UdpSink.Start();
        var deadSource = $"rtmp://127.0.0.1:{FreePort.Tcp()}/live/dead-{Guid.NewGuid():N}";
        var environment = new RouteEnvironment()
            .Route("a", FaultWorker.TestPattern("a"), sinkA.Url)
            .Route("b", FaultWorker.TestPattern("b"), sinkB.Url)
            .SmallProfile("a", "b")
            .Route("c", deadSource, $"udp://127.0.0.1:{FreePort.Udp()}?pkt_size=1316");
        if (moment == KillMoment.DuringRapidRestarts)
        {
            environment.Set("Relay__Restart__InitialDelay", "00:00:00.05").Set("Relay__Restart__MaxDelay", "00:00:00.1");
        }
        else
        {
            environment.Set("Relay__Restart__InitialDelay", "00:00:05").Set("Relay__Restart__MaxDelay", "00:01:00");
        }
        await using var worker = WorkerProcess.Start(environment.Build());
        using var report = worker.ReportTo(output);
        await using var children = new ChildWatch(worker.Pid);

        switch (moment)
        {
            case KillMoment.TwoRunningOneBackingOff:
                await worker.WaitUntilRunningAsync("a", TimeSpan.FromSeconds(30));
                await worker.WaitUntilRunningAsync("b", TimeSpan.FromSeconds(30));
                // The second start of c is followed by the first real delay (InitialDelay × 0.5..1).
                await Poll.UntilAsync(async () => worker.StartedPids("c").Count >= 2 && await worker.StateAsync("c") == "BackingOff",
                    TimeSpan.FromSeconds(30), "route c backing off after its second failure");
                break;
            case KillMoment.FirstChildAppears:
                var appeared = await Poll.SpinUntilAsync(() => worker.ChildPids().Count > 0 || worker.HasExited, TimeSpan.FromSeconds(30));
                Assert.True(appeared is not null && worker.ChildPids().Count > 0, "no child process appeared");
                break;
            case KillMoment.DuringRapidRestarts:
                await worker.WaitUntilRunningAsync("a", TimeSpan.FromSeconds(30));
                await Poll.UntilAsync(() => worker.StartedPids("c").Count >= 6, TimeSpan.FromSeconds(30), "route c restarting rapidly");
                break;
        }

        children.Sample();
        Assert.True(worker.Signal(UnixSignal.Kill));
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(10));

        // Processes with this test's sink URLs or dead stream name in their arguments can only be the worker's
        // ffmpeg children, so an orphan re-parented to init is found even if the watcher never saw it.
        string[] markers = [sinkA.Url, sinkB.Url, deadSource];
        var gone = await Poll.TryUntilAsync(() => markers.All(m => children.Survivors(m).Count == 0), TimeSpan.FromSeconds(5));
        var survivors = markers.SelectMany(children.Survivors).Distinct().ToList();
        output.WriteLine($"{moment}: children seen {children.Pids.Count}, logged starts {worker.StartedPids().Count}; "
            + $"alive 5 s after the SIGKILL: [{string.Join(", ", survivors.Select(pid => $"{pid} {string.Join(' ', ProcFs.CommandLine(pid).Take(3))}"))}]");
        try
        {
            Assert.True(gone, $"ffmpeg outlived the SIGKILLed worker: pids {string.Join(", ", survivors)}");
        }
        finally
        {
            // Never leave an orphan to the rest of the run; these pids carry this test's unique URLs.
            foreach (var pid in survivors)
            {
                UnixSignal.Send(pid, UnixSignal.Kill);
            }
        }
    }
}
