using System.Net;
using System.Text.Json;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Api;

[Collection(RelayMeterGroup.Name)]
public sealed class RouteApiTests
{
    private static readonly string[] Routes =
    [
        "Relay__Routes__cam1__Source=rtmp://alice:s3cretPW@src:1935/live/cam1",
        "Relay__Routes__cam1__Destinations__0=srt://sink:8890?streamid=publish:cam1:bob:streamidpw&passphrase=canary-passphrase-123",
        "Relay__Routes__cam1__Destinations__1=rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl",
        "Relay__Routes__cam2__Source=rtmp://src:1935/live/cam2",
        "Relay__Routes__cam2__Destinations__0=srt://sink:8891",
        "Relay__Routes__cam2__Enabled=false",
    ];

    [Fact(Timeout = 30_000)]
    public async Task Routes_ReturnsCamelCaseJsonWithStateAsString()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        await host.WaitForChildAsync(1);

        var (status, body, contentType) = await host.GetAsync("/api/routes");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", contentType);
        using var json = JsonDocument.Parse(body);
        var routes = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["cam1", "cam2"], routes.Select(r => r.GetProperty("name").GetString()));
        var names = routes[0].EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(names, name => Assert.True(char.IsLower(name[0]), $"'{name}' is not camelCase"));
        Assert.Superset(
            new HashSet<string> { "name", "state", "source", "destinations", "restarts", "restartsByReason", "lastExitCode", "lastError", "uptimeSeconds", "progress" },
            new HashSet<string>(names));
        Assert.Equal(JsonValueKind.String, routes[0].GetProperty("state").ValueKind);
        Assert.Equal("Starting", routes[0].GetProperty("state").GetString());
        Assert.Equal("Disabled", routes[1].GetProperty("state").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Routes_SourceAndDestinations_AreRedacted()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        await host.WaitForChildAsync(1);

        var (_, body, _) = await host.GetAsync("/api/routes/cam1");

        using var json = JsonDocument.Parse(body);
        Assert.Equal("rtmp://***@src:1935/live/cam1", json.RootElement.GetProperty("source").GetString());
        Assert.Equal(
            ["srt://sink:8890?streamid=publish:cam1:***:***&passphrase=***", "rtmp://a.rtmp.youtube.com/live2/***"],
            json.RootElement.GetProperty("destinations").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact(Timeout = 30_000)]
    public async Task RouteByName_KnownInAnyCase_Returns200WithThatRoute()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        await host.WaitForChildAsync(1);

        var (status, body, _) = await host.GetAsync("/api/routes/CAM1");

        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("cam1", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(host.Launcher.Children[0].ProcessId, json.RootElement.GetProperty("pid").GetInt32());
    }

    [Fact(Timeout = 30_000)]
    public async Task RouteByName_Unknown_Returns404WithJsonError()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);

        var (status, body, _) = await host.GetAsync("/api/routes/nope");

        Assert.Equal(HttpStatusCode.NotFound, status);
        using var json = JsonDocument.Parse(body);
        Assert.Contains("'nope'", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Route_AfterProgress_ShowsLiveNumbers()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        var child = await host.WaitForChildAsync(1);

        child.WriteProgress(outTimeMicroseconds: 2_500_000, totalSizeBytes: 64_000, frame: 62, fps: "24.8", bitrate: "204.8kbits/s", speed: "1.01x");
        var route = await RouteUntilAsync(host, r => r.GetProperty("state").GetString() == "Running");

        var progress = route.GetProperty("progress");
        Assert.Equal(62, progress.GetProperty("frames").GetInt64());
        Assert.Equal(24.8, progress.GetProperty("fps").GetDouble());
        Assert.Equal(204.8, progress.GetProperty("bitrateKbps").GetDouble());
        Assert.Equal(1.01, progress.GetProperty("speed").GetDouble());
        Assert.Equal(2.5, progress.GetProperty("outTimeSeconds").GetDouble());
        Assert.Equal(64_000, progress.GetProperty("outputBytes").GetInt64());
    }

    [Fact(Timeout = 30_000)]
    public async Task Route_ChildFailed_ShowsExitCodeRestartReasonAndRedactedLastError()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        var child = await host.WaitForChildAsync(1);

        child.WriteStderr("[tls @ 0x5583] [error] Error opening output rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl: I/O error");
        child.Exit(1);
        await host.WaitForChildAsync(2);
        var route = await RouteUntilAsync(host, r => r.GetProperty("restarts").GetInt64() == 1);

        Assert.Equal(1, route.GetProperty("lastExitCode").GetInt32());
        Assert.Equal(1, route.GetProperty("restartsByReason").GetProperty("failed").GetInt64());
        Assert.Equal("[tls @ 0x5583] Error opening output rtmp://a.rtmp.youtube.com/live2/***: I/O error", route.GetProperty("lastError").GetString());
    }

    private static async Task<JsonElement> RouteUntilAsync(RelayTestHost host, Func<JsonElement, bool> accept)
    {
        var body = await Eventually.Value(
            async () => (await host.GetAsync("/api/routes/cam1")).Body,
            text =>
            {
                using var json = JsonDocument.Parse(text);
                return accept(json.RootElement);
            },
            "/api/routes/cam1 to reach the expected state");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
