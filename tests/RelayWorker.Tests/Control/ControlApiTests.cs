using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Control;

/// <summary>The token rules of the control endpoints, on the real application with its fake children.</summary>
[Collection(RelayMeterGroup.Name)]
public sealed class ControlApiTests
{
    private const string Token = "control-token-canary-7f3a9c";

    private static readonly string[] Routes =
    [
        "Relay__Routes__cam1__Source=rtmp://127.0.0.1:1935/live/cam1",
        "Relay__Routes__cam1__Destinations__0=udp://127.0.0.1:9",
    ];

    [Fact(Timeout = 30_000)]
    public async Task Control_WithoutATokenConfigured_Answers404AndReadEndpointsStayOpen()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        await host.WaitForChildAsync(1);

        using var restart = await PostAsync(host, "/api/routes/cam1/restart", Token);

        Assert.Equal(HttpStatusCode.NotFound, restart.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/api/routes/cam1")).Status);
        Assert.Single(host.Launcher.Children);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(null)]
    [InlineData("wrong-token")]
    [InlineData("control-token-canary-7f3a9")]
    public async Task Control_MissingOrWrongToken_Answers401WithBearerChallengeAndChangesNothing(string? presented)
    {
        await using var host = await RelayTestHost.StartAsync([.. Routes, $"Relay__Api__Token={Token}"]);
        await host.WaitForChildAsync(1);

        using var restart = await PostAsync(host, "/api/routes/cam1/restart", presented);

        Assert.Equal(HttpStatusCode.Unauthorized, restart.StatusCode);
        Assert.Equal("Bearer", Assert.Single(restart.Headers.WwwAuthenticate).Scheme);
        Assert.Single(host.Launcher.Children);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Message.Contains(Token, StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task Restart_WithTheToken_ReplacesTheChildAndCountsAManualRestart()
    {
        await using var host = await RelayTestHost.StartAsync([.. Routes, $"Relay__Api__Token={Token}"]);
        var first = await host.WaitForChildAsync(1);

        using var restart = await PostAsync(host, "/api/routes/cam1/restart", Token);

        Assert.Equal(HttpStatusCode.OK, restart.StatusCode);
        var second = await host.WaitForChildAsync(2);
        Assert.NotEqual(first.ProcessId, second.ProcessId);
        Assert.True(first.Exited.IsCompleted);
        using var json = JsonDocument.Parse((await host.GetAsync("/api/routes/cam1")).Body);
        Assert.Equal(1, json.RootElement.GetProperty("restartsByReason").GetProperty("manual").GetInt32());
        await host.ScrapeUntilAsync(m => Telemetry.MetricsEndpointTests.Sample(m, "relay_route_restarts_total", "cam1", "reason", "manual") == 1, "a manual restart");
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Message.Contains(Token, StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task Control_UnknownRouteOrDestination_Answers404AndTheLastDestination409()
    {
        await using var host = await RelayTestHost.StartAsync([.. Routes, $"Relay__Api__Token={Token}"]);
        await host.WaitForChildAsync(1);

        using var unknownRoute = await PostAsync(host, "/api/routes/nope/restart", Token);
        using var unknownDestination = await PostAsync(host, "/api/routes/cam1/destinations/5/disable", Token);
        using var lastDestination = await PostAsync(host, "/api/routes/cam1/destinations/0/disable", Token);

        Assert.Equal(HttpStatusCode.NotFound, unknownRoute.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownDestination.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lastDestination.StatusCode);
        Assert.Contains("last one", await lastDestination.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostAsync(RelayTestHost host, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await host.Client.SendAsync(request);
    }
}
