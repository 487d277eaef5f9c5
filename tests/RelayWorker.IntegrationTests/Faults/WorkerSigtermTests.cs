using System.Diagnostics;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Faults;

/// <summary>SIGTERM (what Kubernetes and systemd send) at the awkward moments: mid-backoff and mid-start-up.</summary>
[Collection(TestLanes.Main)]
public sealed class WorkerSigtermTests(ITestOutputHelper output)
{
    // RouteEnvironment's StopTimeout; the worker may use all of it on a child that ignores SIGINT, plus reaping.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ExitBound = StopTimeout + TimeSpan.FromSeconds(2);

    [Fact(Timeout = 60_000)]
    public async Task Worker_SigtermWhileARouteBacksOff_ExitsZeroPromptlyAndLeavesNoChild()
    {
        await using var sink = UdpSink.Start();
        var deadSource = DeadSource();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("live", FaultWorker.TestPattern("live"), sink.Url)
            .SmallProfile("live")
            .Route("down", deadSource, UnusedUdpDestination())
            // A long first delay, so the SIGTERM surely lands inside a backoff wait and not between two starts.
            .Set("Relay__Restart__InitialDelay", "00:00:05")
            .Set("Relay__Restart__MaxDelay", "00:01:00")
            .Build());
        using var report = worker.ReportTo(output);
        await using var children = new ChildWatch(worker.Pid);
        await worker.WaitUntilRunningAsync("live", TimeSpan.FromSeconds(30));
        // The first restart after a start is immediate; the second waits InitialDelay × (0.5..1) = 2.5..5 s.
        await Poll.UntilAsync(() => worker.RestartDelays().Any(ms => ms >= 2000), TimeSpan.FromSeconds(30), "a restart delay of 2 s or more");
        Assert.Equal("BackingOff", await worker.StateAsync("down"));

        await SigtermAndAssertCleanExitAsync(worker, children, [sink.Url, deadSource]);
    }

    /// <summary>The moment during start-up at which the SIGTERM is sent.</summary>
    public enum StartupMoment
    {
        /// <summary>The worker's first log line: the host is starting and routes are being started.</summary>
        FirstLogLine,

        /// <summary>The first child process exists (ffmpeg may still be loading).</summary>
        FirstChildProcess,

        /// <summary>The worker has logged the first "ffmpeg started" (the child is opening its input and output).</summary>
        FirstChildStartedLine,
    }

    [Theory(Timeout = 60_000)]
    [InlineData(StartupMoment.FirstLogLine)]
    [InlineData(StartupMoment.FirstChildProcess)]
    [InlineData(StartupMoment.FirstChildStartedLine)]
    public async Task Worker_SigtermDuringStartup_ExitsZeroPromptlyAndLeavesNoChild(StartupMoment moment)
    {
        await using var sink = UdpSink.Start();
        var deadSource = DeadSource();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("live", FaultWorker.TestPattern("live"), sink.Url)
            .SmallProfile("live")
            .Route("down", deadSource, UnusedUdpDestination())
            .Build());
        using var report = worker.ReportTo(output);
        await using var children = new ChildWatch(worker.Pid);
        switch (moment)
        {
            case StartupMoment.FirstLogLine:
                await worker.WaitForLineAsync(_ => true, TimeSpan.FromSeconds(30));
                break;
            case StartupMoment.FirstChildProcess:
                // Faster than Poll's 50 ms: the point is to catch the child while it is still starting.
                var appeared = await Poll.SpinUntilAsync(() => worker.ChildPids().Count > 0 || worker.HasExited, TimeSpan.FromSeconds(30));
                Assert.True(appeared is not null && worker.ChildPids().Count > 0, "no child process appeared");
                break;
            case StartupMoment.FirstChildStartedLine:
                await worker.WaitForLineAsync(line => line.Contains("ffmpeg started", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
                break;
        }

        await SigtermAndAssertCleanExitAsync(worker, children, [sink.Url, deadSource]);
    }

    private async Task SigtermAndAssertCleanExitAsync(WorkerProcess worker, ChildWatch children, IReadOnlyList<string> markers)
    {
        children.Sample();
        var lineBefore = worker.Lines().Count;
        var clock = Stopwatch.StartNew();
        Assert.True(worker.Signal(UnixSignal.Terminate));
        var exitCode = await worker.WaitForExitAsync(ExitBound + TimeSpan.FromSeconds(10));
        var exitedAfter = clock.Elapsed;

        // A child the watcher missed still shows up here, as a logged start or by its unique URL in /proc.
        var started = worker.StartedPids();
        await Poll.TryUntilAsync(() => markers.All(m => children.Survivors(m).Count == 0), TimeSpan.FromSeconds(1));
        var survivors = markers.SelectMany(children.Survivors).Concat(started.Where(ProcFs.IsAlive)).Distinct().ToList();
        var escalated = worker.Lines(lineBefore).Where(line => line.Contains("sending SIGKILL", StringComparison.Ordinal)).ToList();
        output.WriteLine($"SIGTERM -> exit {exitCode} after {exitedAfter.TotalMilliseconds:0} ms; children seen {children.Pids.Count}, "
            + $"logged starts {started.Count}; SIGKILL escalations {escalated.Count}; survivors [{string.Join(", ", survivors)}]");
        foreach (var line in escalated)
        {
            output.WriteLine("escalation: " + line);
        }

        Assert.Equal(0, exitCode);
        Assert.True(exitedAfter < ExitBound, $"the worker took {exitedAfter.TotalMilliseconds:0} ms to exit");
        Assert.Empty(survivors);
        Assert.DoesNotContain("stopped unexpectedly", worker.Output, StringComparison.Ordinal);
    }

    /// <summary>An RTMP source on a loopback port nobody listens on: every ffmpeg fails at once, with a unique stream name.</summary>
    private static string DeadSource() => $"rtmp://127.0.0.1:{FreePort.Tcp()}/live/dead-{Guid.NewGuid():N}";

    private static string UnusedUdpDestination() => $"udp://127.0.0.1:{FreePort.Udp()}?pkt_size=1316";
}
