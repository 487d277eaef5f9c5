using System.Text.Json;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Relay;

/// <summary>The supervisor reconciles at run time: one route changes, the others keep streaming.</summary>
[Collection(TestLanes.Main)]
public sealed class ConfigurationReloadTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task Reload_OneRouteChanged_RestartsThatRouteOnlyAndAddsAndRemovesRoutes()
    {
        await using var sinkA = await SrtSink.StartAsync();
        await using var sinkB = await SrtSink.StartAsync();
        await using var sinkB2 = await SrtSink.StartAsync();
        await using var worker = WorkerProcess.Start(appSettingsJson: Settings(("a", sinkA.Url), ("b", sinkB.Url)));
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync("a", TimeSpan.FromSeconds(30));
        await worker.WaitUntilRunningAsync("b", TimeSpan.FromSeconds(30));
        var pidA = (await worker.RouteAsync("a")).GetProperty("pid").GetInt32();
        var pidB = (await worker.RouteAsync("b")).GetProperty("pid").GetInt32();

        // Route b moves to another sink; route a is byte-for-byte the same.
        await worker.WriteAppSettingsAsync(Settings(("a", sinkA.Url), ("b", sinkB2.Url)));
        await sinkB2.WaitForBytesAsync(100_000, TimeSpan.FromSeconds(30));

        var routeA = await worker.RouteAsync("a");
        var routeB = await worker.RouteAsync("b");
        Assert.Equal(pidA, routeA.GetProperty("pid").GetInt32());
        Assert.Equal(0, routeA.GetProperty("restarts").GetInt32());
        Assert.NotEqual(pidB, routeB.GetProperty("pid").GetInt32());
        Assert.Equal(1, routeB.GetProperty("restartsByReason").GetProperty("reconfigured").GetInt32());
        Assert.True(ProcFs.IsAlive(pidA));
        Assert.False(ProcFs.IsAlive(pidB));
        await sinkA.WaitForGrowthAsync(TimeSpan.FromSeconds(10));

        // Removing b stops its child; a still keeps its pid.
        await worker.WriteAppSettingsAsync(Settings(("a", sinkA.Url)));
        await Poll.UntilAsync(async () => await worker.StateAsync("b") is null, TimeSpan.FromSeconds(15), "route b removed");
        Assert.Equal(pidA, (await worker.RouteAsync("a")).GetProperty("pid").GetInt32());
        Assert.Single(worker.FfmpegChildren());
    }

    [Fact(Timeout = 90_000)]
    public async Task Reload_InvalidChange_IsRefusedAndRunningRoutesKeepTheirChild()
    {
        await using var sinkA = await SrtSink.StartAsync();
        await using var worker = WorkerProcess.Start(appSettingsJson: Settings(("a", sinkA.Url)));
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync("a", TimeSpan.FromSeconds(30));
        var pidA = (await worker.RouteAsync("a")).GetProperty("pid").GetInt32();

        await worker.WriteAppSettingsAsync(Settings(("a", "http://127.0.0.1:1/not-a-destination")));
        await worker.WaitForLineAsync(l => l.Contains("Configuration change refused", StringComparison.Ordinal), TimeSpan.FromSeconds(15));

        Assert.Equal(pidA, (await worker.RouteAsync("a")).GetProperty("pid").GetInt32());
        await sinkA.WaitForGrowthAsync(TimeSpan.FromSeconds(10));
    }

    [Fact(Timeout = 90_000)]
    public async Task Reload_MalformedFile_IsReportedWithItsPlaceAndAppliedOnceValidAgain()
    {
        await using var sinkA = await SrtSink.StartAsync();
        await using var sinkB = await SrtSink.StartAsync();
        await using var worker = WorkerProcess.Start(appSettingsJson: Settings(("a", sinkA.Url)));
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync("a", TimeSpan.FromSeconds(30));
        var pidA = (await worker.RouteAsync("a")).GetProperty("pid").GetInt32();

        // A half-written edit: the file ends in the middle of an object.
        var valid = Settings(("a", sinkA.Url), ("b", sinkB.Url));
        await worker.WriteAppSettingsAsync(valid[..(valid.Length / 2)]);
        var line = await worker.WaitForLineAsync(l => l.Contains("cannot be read", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        Assert.Contains("appsettings.json", line, StringComparison.Ordinal);
        Assert.Contains("line 1, position", line, StringComparison.Ordinal);
        Assert.Contains("routes keep running", line, StringComparison.Ordinal);
        Assert.Equal(pidA, (await worker.RouteAsync("a")).GetProperty("pid").GetInt32());
        await sinkA.WaitForGrowthAsync(TimeSpan.FromSeconds(10));

        await worker.WriteAppSettingsAsync(valid);
        await worker.WaitUntilRunningAsync("b", TimeSpan.FromSeconds(30));
        Assert.Equal(pidA, (await worker.RouteAsync("a")).GetProperty("pid").GetInt32());
    }

    private static string Settings(params (string Name, string Destination)[] routes) => JsonSerializer.Serialize(new
    {
        Relay = new
        {
            StopTimeout = "00:00:03",
            Routes = routes.ToDictionary(
                r => r.Name,
                r => new { Source = $"testsrc://{r.Name}?size=320x240&rate=25", Destinations = new[] { r.Destination } }),
        },
    });
}
