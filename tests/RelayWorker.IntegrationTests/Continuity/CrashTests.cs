using RelayWorker.IntegrationTests.Faults;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Continuity;

/// <summary>
/// Every part of a continuous route is a supervised child: its output stage killed is restarted like a plain route's
/// ffmpeg (the ingests and the slate carry on), an ingest killed never touches the destinations, and a SIGKILLed worker
/// leaves none of them behind.
/// </summary>
[Collection(TestLanes.Main)]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const string Route = "cam1";

    [Fact(Timeout = 120_000)]
    public async Task ContinuousRoute_OutputStageKilled_RestartedWhileIngestsCarryOn_ThenWorkerSigkillLeavesNoChild()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var primary = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("main"));
        await using var backup = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("backup"));
        await using var udp = UdpSink.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, nginx.RtmpUrl("main"), udp.Url)
            .Set($"Relay__Routes__{Route}__Backups__0", nginx.RtmpUrl("backup"))
            .Set($"Relay__Routes__{Route}__Slate", "builtin")
            .Build());
        using var report = worker.ReportTo(output);
        await using var children = new ChildWatch(worker.Pid);
        await worker.WaitForPrimaryOnAirAsync(Route, TimeSpan.FromSeconds(30));
        await udp.WaitForGrowthAsync(TimeSpan.FromSeconds(15));

        // An ingest killed: the destinations see nothing of it (one UDP sender throughout).
        var ingest = Assert.Single(worker.FfmpegChildren(), pid => IsIngestOf(pid, "/live/backup"));
        UnixSignal.Send(ingest, UnixSignal.Kill);
        await worker.WaitForLineAsync(l => l.Contains($"Route {Route} backup1: restarting", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        await udp.WaitForGrowthAsync(TimeSpan.FromSeconds(10));
        Assert.Single(udp.SourcePorts);

        // The output stage killed: restarted as a route restart; the ingests and the slate keep their processes.
        var inputs = worker.FfmpegChildren().Where(IsInput).Order().ToList();
        var stage = Assert.Single(worker.FfmpegChildren(), pid => ProcFs.CommandLine(pid).Contains("pipe:0"));
        var killedAt = worker.Lines().Count;
        UnixSignal.Send(stage, UnixSignal.Kill);
        await worker.WaitForLineAsync(l => l.Contains($"Route {Route}: restarting (killed)", StringComparison.Ordinal), TimeSpan.FromSeconds(10), killedAt);
        await udp.WaitForGrowthAsync(TimeSpan.FromSeconds(15), minimumGrowth: 100 * 1316);
        Assert.Equal(inputs, worker.FfmpegChildren().Where(IsInput).Order().ToList());
        Assert.Equal(2, udp.SourcePorts.Count);

        // A SIGKILLed worker: the kernel's parent-death signal ends every part, none is left to init.
        children.Sample();
        var parts = worker.FfmpegChildren();
        Assert.Equal(4, parts.Count);
        Assert.True(worker.Signal(UnixSignal.Kill));
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var gone = await Poll.TryUntilAsync(() => parts.All(pid => !ProcFs.IsAlive(pid)), TimeSpan.FromSeconds(5));
        var survivors = parts.Where(ProcFs.IsAlive).ToList();
        foreach (var pid in survivors)
        {
            // Never leave an orphan to the rest of the run.
            UnixSignal.Send(pid, UnixSignal.Kill);
        }
        Assert.True(gone, $"parts of the continuous route outlived the SIGKILLed worker: pids {string.Join(", ", survivors)}");
    }

    /// <summary>An ingest or the slate: it writes its MPEG-TS to stdout (the output stage has pipe:1 for its progress).</summary>
    private static bool IsInput(int pid) => ProcFs.CommandLine(pid) is [.., "pipe:1"];

    private static bool IsIngestOf(int pid, string stream) =>
        IsInput(pid) && ProcFs.CommandLine(pid).Any(a => a.EndsWith(stream, StringComparison.Ordinal));
}
