using RelayWorker.IntegrationTests.Faults;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Relay;

/// <summary>The real worker admits a bounded number of starting routes and runs its ffmpeg children behind itself in the CPU queue.</summary>
[Collection(TestLanes.Main)]
public sealed class StartAdmissionTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task Worker_OneStartSlot_SilentSourcesTakeTurnsAndTheWorkingRouteGetsItsTurn()
    {
        // nginx holds a player of a stream nobody publishes: those two routes start and never see media, so each
        // holds the one slot until StartTimeout while the other waits.
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var sink = UdpSink.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("silent1", nginx.RtmpUrl("nobody1"), $"udp://127.0.0.1:{FreePort.Udp()}?pkt_size=1316")
            .Route("silent2", nginx.RtmpUrl("nobody2"), $"udp://127.0.0.1:{FreePort.Udp()}?pkt_size=1316")
            .Route("live", FaultWorker.TestPattern("live"), sink.Url)
            .SmallProfile("live")
            .Set("Relay__MaxStartingRoutes", "1")
            .Set("Relay__StartTimeout", "00:00:03")
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitForHttpAsync("healthz/live", System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        var mostStarting = 0;
        var sawQueued = false;
        await Poll.UntilAsync(async () =>
        {
            var routes = (await worker.RoutesAsync()).ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("state").GetString());
            mostStarting = Math.Max(mostStarting, routes.Values.Count(s => s == "Starting"));
            sawQueued |= routes.ContainsValue("Queued");
            return routes.GetValueOrDefault("live") == "Running" && sawQueued;
        }, TimeSpan.FromSeconds(60), "the working route running after a silent route was seen queued");
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(async () => (await worker.RouteAsync("silent1")).GetProperty("restartsByReason").TryGetProperty("start_timeout", out var count) && count.GetInt32() > 0,
            TimeSpan.FromSeconds(30), "a silent route restarted for its start deadline");

        Assert.True(mostStarting <= 1, $"{mostStarting} routes were starting at once with one start slot");
    }

    [Theory(Timeout = 60_000)]
    [InlineData(null, 10)]
    [InlineData("0", 0)]
    public async Task Worker_ChildNiceness_PutsFfmpegThatFarBehindTheWorker(string? configured, int expectedDifference)
    {
        await using var sink = UdpSink.Start();
        var environment = new RouteEnvironment().Route("a", FaultWorker.TestPattern("a"), sink.Url).SmallProfile("a");
        if (configured is not null)
        {
            environment.Set("Relay__ChildNiceness", configured);
        }
        await using var worker = WorkerProcess.Start(environment.Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync("a", TimeSpan.FromSeconds(30));

        var child = Assert.Single(worker.FfmpegChildren());

        Assert.Equal(expectedDifference, ProcFs.Nice(child) - ProcFs.Nice(worker.Pid));
        Assert.Equal("ffmpeg", Path.GetFileName(ProcFs.CommandLine(child)[0]));
        // Without a terminal the child stays in the worker's session, so where the kernel schedules sessions as
        // groups (autogroup) worker and child are one group and the niceness above is what orders them.
        if (File.Exists($"/proc/{child}/autogroup"))
        {
            Assert.Equal(File.ReadAllText($"/proc/{worker.Pid}/autogroup"), File.ReadAllText($"/proc/{child}/autogroup"));
        }
    }
}
