using System.Net;
using System.Text.Json;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Health;

[Collection(RelayMeterGroup.Name)]
public sealed class HealthEndpointTests
{
    private static readonly string[] Routes =
    [
        "Relay__Routes__cam1__Source=rtmp://src:1935/live/cam1",
        "Relay__Routes__cam1__Destinations__0=srt://sink:8890",
        "Relay__Routes__cam2__Source=rtmp://src:1935/live/cam2",
        "Relay__Routes__cam2__Destinations__0=srt://sink:8891",
        "Relay__Routes__cam2__Enabled=false",
    ];

    [Fact(Timeout = 30_000)]
    public async Task Live_RunningWorker_Returns200WithJson()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);

        var (status, body, contentType) = await host.GetAsync("/healthz/live");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", contentType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("supervisor running", json.RootElement.GetProperty("checks").GetProperty("supervisor").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Ready_ChildWithoutProgress_Returns503NamingOnlyTheEnabledRoute()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        await host.WaitForChildAsync(1);

        var (status, body) = await ReadyUntilAsync(host, (_, names) => names.Length > 0);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(["cam1"], json.RootElement.GetProperty("notStreaming").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact(Timeout = 30_000)]
    public async Task Ready_AfterMediaAdvances_Returns200()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        var child = await host.WaitForChildAsync(1);
        await ReadyUntilAsync(host, (_, names) => names.Contains("cam1"));

        child.WriteProgress(outTimeMicroseconds: 500_000, totalSizeBytes: 10_000);
        child.WriteProgress(outTimeMicroseconds: 1_000_000, totalSizeBytes: 20_000);
        var (status, body) = await ReadyUntilAsync(host, (code, _) => code == HttpStatusCode.OK);

        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("notStreaming").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact(Timeout = 30_000)]
    public async Task Ready_ChildExits_Returns503AgainWhileLiveStays200()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        var child = await host.WaitForChildAsync(1);
        child.WriteProgress(outTimeMicroseconds: 1_000_000);
        await ReadyUntilAsync(host, (code, _) => code == HttpStatusCode.OK);

        // The upstream goes away: the route is no longer streaming, but the worker itself is fine.
        child.Exit(1);
        await host.WaitForChildAsync(2);
        var (status, _) = await ReadyUntilAsync(host, (_, names) => names.Contains("cam1"));
        var live = await host.GetAsync("/healthz/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(HttpStatusCode.OK, live.Status);
    }

    private static Task<(HttpStatusCode Status, string Body)> ReadyUntilAsync(RelayTestHost host, Func<HttpStatusCode, string[], bool> accept) =>
        Eventually.Value(
            async () =>
            {
                var (status, body, _) = await host.GetAsync("/healthz/ready");
                return (status, body);
            },
            response => accept(response.status, NotStreaming(response.body)),
            "/healthz/ready to reach the expected state");

    private static string[] NotStreaming(string body)
    {
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("notStreaming").EnumerateArray().Select(e => e.GetString()!)];
    }
}
