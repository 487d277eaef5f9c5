using System.Net;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Relay;

/// <summary>A destination in listen mode (the demo's kind): callers come and go, and that is normal.</summary>
[Collection(TestLanes.Main)]
public sealed class ListenerCallerTests(ITestOutputHelper output)
{
    [Fact(Timeout = 90_000)]
    public async Task CallerLeaves_RouteKeepsWaitingForTheNextWithoutRestartOrWarningAndStaysReady()
    {
        var port = FreePort.Udp();
        var destination = $"srt://127.0.0.1:{port}?mode=listener";
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("demo", "testsrc://demo?size=320x240&rate=25", destination)
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync("demo", TimeSpan.FromSeconds(30));

        Assert.True(await ViewAsync(port) > 25, "the first caller decoded no second of video");
        var linesAfterFirstCaller = worker.Lines().Count;
        // The caller is gone; the route goes on, waiting for the next one: its media clock keeps running.
        var outTimeWhenLeft = await OutTimeAsync(worker);
        await Poll.UntilAsync(async () => await OutTimeAsync(worker) >= outTimeWhenLeft + 4, TimeSpan.FromSeconds(30), "four more seconds of media with nobody watching");

        var route = await worker.RouteAsync("demo");
        Assert.Equal("Running", route.GetProperty("state").GetString());
        Assert.Equal(0, route.GetProperty("restarts").GetInt32());
        using (var ready = await worker.HttpClient.GetAsync(new Uri("healthz/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        Assert.True(await ViewAsync(port) > 25, "the second caller decoded no second of video");
        Assert.DoesNotContain(worker.Lines(linesAfterFirstCaller), l => l.Contains(" ERR]", StringComparison.Ordinal) || l.Contains(" WRN]", StringComparison.Ordinal));
    }

    private static async Task<double> OutTimeAsync(WorkerProcess worker) =>
        (await worker.RouteAsync("demo")).GetProperty("progress").GetProperty("outTimeSeconds").GetDouble();

    /// <summary>Calls the listener for three seconds of media and counts the video frames decoded.</summary>
    private async Task<int> ViewAsync(int port)
    {
        await using var viewer = ManagedProcess.Start("ffmpeg",
            ["-hide_banner", "-v", "error", "-i", $"srt://127.0.0.1:{port}", "-map", "0:v", "-t", "3", "-f", "framemd5", "-"],
            new ProcessOptions { Name = "viewer" });
        await viewer.WaitForExitAsync(TimeSpan.FromSeconds(20));
        var frames = viewer.Lines().Count(l => l.StartsWith("0,", StringComparison.Ordinal));
        output.WriteLine($"viewer decoded {frames} frames");
        return frames;
    }
}
