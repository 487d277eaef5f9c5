using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RelayWorker.Configuration;
using RelayWorker.Status;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Api;

/// <summary>/api/routes for a continuous route (as its runner reports it through RouteStatus) and for a plain one.</summary>
[Collection(RelayMeterGroup.Name)]
public sealed class RouteApiContinuityTests
{
    private static readonly string[] Routes =
    [
        "Relay__Routes__cam1__Source=srt://127.0.0.1:9000",
        "Relay__Routes__cam1__Destinations__0=srt://sink:8890",
        "Relay__Routes__plain__Source=rtmp://src:1935/live/plain",
        "Relay__Routes__plain__Destinations__0=srt://sink:8891",
    ];

    private static readonly string[] BackupSecrets = ["backup-passphrase-987", "carol", "rtmpPW42", "key-5678-secret"];

    [Fact(Timeout = 30_000)]
    public async Task ContinuousRoute_OnABackup_ShowsContinuousActiveSourceAndEachInput()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        var status = await StatusAsync(host, "cam1");
        var inputs = ContinuousRoutes.Configure(status, SourceState.Lost, SourceState.Delivering, SourceState.Connecting);
        status.SourcesChanged([inputs[0] with { State = SourceState.BackingOff, Restarts = 2, LastError = "Connection to srt://127.0.0.1:9000 failed: Connection refused" }, inputs[1], inputs[2]]);
        status.SourceSwitched("primary", "start");
        status.SourceSwitched("backup1", "loss");

        using var json = JsonDocument.Parse((await host.GetAsync("/api/routes/cam1")).Body);
        var route = json.RootElement;

        Assert.True(route.GetProperty("continuous").GetBoolean());
        Assert.Equal("backup1", route.GetProperty("activeSource").GetString());
        var sources = route.GetProperty("sources").EnumerateArray().ToList();
        Assert.Equal(["primary", "backup1", "slate"], sources.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(["srt://127.0.0.1:9000", "srt://127.0.0.1:9001", "builtin"], sources.Select(s => s.GetProperty("input").GetString()));
        Assert.Equal(["BackingOff", "Delivering", "Connecting"], sources.Select(s => s.GetProperty("state").GetString()));
        Assert.Equal([2L, 0L, 0L], sources.Select(s => s.GetProperty("restarts").GetInt64()));
        Assert.Equal("Connection to srt://127.0.0.1:9000 failed: Connection refused", sources[0].GetProperty("lastError").GetString());
        Assert.Equal(JsonValueKind.Null, sources[1].GetProperty("lastError").ValueKind);
    }

    [Fact(Timeout = 30_000)]
    public async Task ContinuousRoute_BeforeItsFirstCut_HasSourcesButNoActiveSource()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        ContinuousRoutes.Configure(await StatusAsync(host, "cam1"));

        using var json = JsonDocument.Parse((await host.GetAsync("/api/routes/cam1")).Body);

        Assert.True(json.RootElement.GetProperty("continuous").GetBoolean());
        Assert.False(json.RootElement.TryGetProperty("activeSource", out _));
        Assert.Equal(3, json.RootElement.GetProperty("sources").GetArrayLength());
    }

    [Fact(Timeout = 30_000)]
    public async Task PlainRoute_NextToAContinuousOne_KeepsItsJsonWithoutTheContinuityFields()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        var status = await StatusAsync(host, "cam1");
        await StatusAsync(host, "plain");
        ContinuousRoutes.Configure(status);
        status.SourceSwitched("primary", "start");

        using var json = JsonDocument.Parse((await host.GetAsync("/api/routes")).Body);
        var byName = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);

        var plain = byName["plain"].EnumerateObject().Select(p => p.Name).ToList();
        Assert.DoesNotContain("continuous", plain);
        Assert.DoesNotContain("activeSource", plain);
        Assert.DoesNotContain("sources", plain);
        Assert.Contains("source", plain);
        Assert.Equal("primary", byName["cam1"].GetProperty("activeSource").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Backups_SecretsInTheirUrls_NeverAppearInTheApiPageOrMetrics()
    {
        await using var host = await RelayTestHost.StartAsync(
        [
            .. Routes,
            "Relay__Routes__cam1__Backups__0=srt://127.0.0.1:9001?passphrase=backup-passphrase-987&latency=200000",
            "Relay__Routes__cam1__Backups__1=rtmp://carol:rtmpPW42@127.0.0.1:1935/live/cam1?key=key-5678-secret",
            "Relay__Routes__cam1__Slate=builtin",
        ]);
        var status = await StatusAsync(host, "cam1");
        // The inputs come from the configuration the worker read, as the runner builds them.
        var options = host.App.Services.GetRequiredService<IOptionsMonitor<RelayOptions>>().CurrentValue;
        var inputs = ContinuitySources.Of(options.Routes["cam1"]);
        status.ContinuityConfigured(inputs);
        status.SourceSwitched("backup2", "loss");

        foreach (var endpoint in new[] { "/api/routes", "/api/routes/cam1", "/", "/metrics" })
        {
            var (_, body, _) = await host.GetAsync(endpoint);
            Assert.Contains("backup2", body, StringComparison.Ordinal);
            Assert.All(BackupSecrets, secret => Assert.DoesNotContain(secret, body, StringComparison.Ordinal));
        }
        using var json = JsonDocument.Parse((await host.GetAsync("/api/routes/cam1")).Body);
        Assert.Equal(
            ["srt://127.0.0.1:9000", "srt://127.0.0.1:9001?passphrase=***&latency=200000", "rtmp://***@127.0.0.1:1935/live/cam1?key=***", "builtin"],
            json.RootElement.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("input").GetString()));
    }

    private static async Task<RouteStatus> StatusAsync(RelayTestHost host, string route)
    {
        var registry = host.App.Services.GetRequiredService<RouteStatusRegistry>();
        await Eventually.True(() => registry.Find(route) is not null, $"route {route} in the registry");
        return registry.Find(route)!;
    }
}
