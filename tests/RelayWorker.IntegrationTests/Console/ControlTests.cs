using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RelayWorker.IntegrationTests.Faults;
using RelayWorker.IntegrationTests.Protocols;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Console;

/// <summary>The control API on a real worker with test-pattern routes writing to real UDP sinks; the token is a mounted file.</summary>
[Collection(TestLanes.Main)]
public sealed class ControlTests(ITestOutputHelper output) : IDisposable
{
    private const string Route = "cam1";
    private const string Token = "integration-control-token-5d1e";

    private readonly DirectoryInfo _secrets = Directory.CreateTempSubdirectory("relayworker-token-");

    [Fact(Timeout = 120_000)]
    public async Task DisableDestination_TheOtherKeepsStreamingAndItShowsDisabledUntilEnabled()
    {
        await using var kept = UdpSink.Start();
        await using var paused = UdpSink.Start();
        await using var worker = StartWorker(paused.Url, kept.Url);
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(30));
        await Task.WhenAll(kept.WaitForGrowthAsync(TimeSpan.FromSeconds(10)), paused.WaitForGrowthAsync(TimeSpan.FromSeconds(10)));

        using (var disable = await PostAsync(worker, $"api/routes/{Route}/destinations/0/disable", Token))
        {
            Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        }
        await worker.WaitForDestinationStatesAsync(Route, TimeSpan.FromSeconds(20), "disabled", "up");
        // The previous child is gone (the request waits for its stop): from here on nothing may reach the paused sink.
        var pausedBytes = paused.BytesReceived;
        await kept.WaitForGrowthAsync(TimeSpan.FromSeconds(10), minimumGrowth: 200 * 1316);
        Assert.Equal(pausedBytes, paused.BytesReceived);
        var up = await worker.DestinationUpAsync(Route);
        Assert.Equal(0, up["0"]);
        Assert.Equal(1, up["1"]);
        var route = await worker.RouteAsync(Route);
        Assert.Equal(paused.Url, route.GetProperty("destinations")[0].GetString());
        Assert.Equal(1, route.Restarts("manual"));

        using (var enable = await PostAsync(worker, $"api/routes/{Route}/destinations/0/enable", Token))
        {
            Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        }
        await paused.WaitForGrowthAsync(TimeSpan.FromSeconds(20));
        await worker.WaitForDestinationStatesAsync(Route, TimeSpan.FromSeconds(20), "up", "up");
        Assert.Equal(2, (await worker.RouteAsync(Route)).Restarts("manual"));
        Assert.DoesNotContain(Token, worker.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task DisableEnableRestart_RouteStopsShowsTheOverrideComesBackAndCountsAManualRestart()
    {
        await using var sink = UdpSink.Start();
        await using var worker = StartWorker(sink.Url);
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(30));

        using (var wrong = await PostAsync(worker, $"api/routes/{Route}/disable", "not-the-token"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("Bearer", Assert.Single(wrong.Headers.WwwAuthenticate).Scheme);
        }
        Assert.Equal("Running", await worker.StateAsync(Route));

        using (var disable = await PostAsync(worker, $"api/routes/{Route}/disable", Token))
        {
            Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        }
        var disabled = await worker.RouteAsync(Route);
        Assert.Equal("Disabled", disabled.State());
        Assert.Equal("disabled", disabled.GetProperty("override").GetString());
        await Poll.UntilAsync(() => worker.FfmpegChildren().Count == 0, TimeSpan.FromSeconds(10), "no ffmpeg child");
        var runs = JsonDocument.Parse(await worker.HttpClient.GetStringAsync(new Uri($"api/routes/{Route}/runs", UriKind.Relative))).RootElement;
        Assert.Equal("manual", runs.GetProperty("runs")[0].GetProperty("cause").GetString());

        using (var enable = await PostAsync(worker, $"api/routes/{Route}/enable", Token))
        {
            Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        }
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(30));
        Assert.False((await worker.RouteAsync(Route)).TryGetProperty("override", out _));
        var before = FaultWorker.Pid(await worker.RouteAsync(Route));

        using (var restart = await PostAsync(worker, $"api/routes/{Route}/restart", Token))
        {
            Assert.Equal(HttpStatusCode.OK, restart.StatusCode);
        }
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(30));
        var after = await worker.RouteAsync(Route);
        Assert.NotEqual(before, FaultWorker.Pid(after));
        Assert.Equal(1, after.Restarts("manual"));
        var metrics = await worker.HttpClient.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.Matches("relay_route_restarts_total\\{[^}]*reason=\"manual\"[^}]*\\} 1", metrics);
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(Token, worker.Output, StringComparison.Ordinal);
    }

    private WorkerProcess StartWorker(params string[] destinations)
    {
        var tokenFile = Path.Combine(_secrets.FullName, "token");
        File.WriteAllText(tokenFile, Token + "\n");
        return WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, FaultWorker.TestPattern(Route), destinations)
            .SmallProfile(Route)
            .Set("Relay__Api__TokenFile", tokenFile)
            .Build());
    }

    private static async Task<HttpResponseMessage> PostAsync(WorkerProcess worker, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await worker.HttpClient.SendAsync(request);
    }

    public void Dispose() => _secrets.Delete(recursive: true);
}
