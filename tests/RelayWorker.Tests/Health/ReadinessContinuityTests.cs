using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RelayWorker.Status;
using RelayWorker.Tests.Supervision.Fakes;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Health;

/// <summary>/healthz/ready for a continuous route: on a real source it is ready like a running route, on its slate it is not.</summary>
[Collection(RelayMeterGroup.Name)]
public sealed class ReadinessContinuityTests
{
    private static readonly string[] Routes =
    [
        "Relay__Routes__cam1__Source=srt://127.0.0.1:9000",
        "Relay__Routes__cam1__Destinations__0=srt://sink:8890",
    ];

    [Fact(Timeout = 30_000)]
    public async Task Ready_ContinuousRouteGoesToItsSlateAndBack_503NamingItOnItsSlateThen200()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        var child = await host.WaitForChildAsync(1);
        var status = host.App.Services.GetRequiredService<RouteStatusRegistry>().Find("cam1")!;
        ContinuousRoutes.Configure(status, SourceState.Delivering, SourceState.Delivering, SourceState.Delivering);
        status.SourceSwitched("primary", "start");
        var media = new MediaClock(child);
        await ReadyUntilAsync(host, media, (code, _) => code == HttpStatusCode.OK);

        // Every source lost: the output keeps streaming (the slate), but the route has nothing to show.
        status.SourcesChanged([.. ContinuousRoutes.Inputs().Select(i => i with { State = i.Name == SourceView.SlateName ? SourceState.Delivering : SourceState.Lost })]);
        status.SourceSwitched("slate", "loss");
        var (code, body) = await ReadyUntilAsync(host, media, (code, _) => code == HttpStatusCode.ServiceUnavailable);

        using (var json = JsonDocument.Parse(body))
        {
            Assert.Equal(["cam1"], json.RootElement.GetProperty("notStreaming").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(["cam1"], json.RootElement.GetProperty("onSlate").EnumerateArray().Select(e => e.GetString()));
            var check = json.RootElement.GetProperty("checks").GetProperty("routes").GetString()!;
            Assert.Contains("on its slate", check, StringComparison.Ordinal);
            Assert.Contains("cam1", check, StringComparison.Ordinal);
        }
        // The route's own media never stopped: only its being on the slate made it not ready.
        Assert.Equal(RouteState.Running, status.Snapshot.ShownStateAt(DateTimeOffset.UtcNow));

        status.SourceSwitched("backup1", "recovered");
        (code, body) = await ReadyUntilAsync(host, media, (code, _) => code == HttpStatusCode.OK);
        using var ready = JsonDocument.Parse(body);
        Assert.Equal(0, ready.RootElement.GetProperty("onSlate").GetArrayLength());
        Assert.Equal(0, ready.RootElement.GetProperty("notStreaming").GetArrayLength());
    }

    [Fact(Timeout = 30_000)]
    public async Task Ready_ContinuousRouteOnABackupButItsOutputFrozen_503WithoutOnSlate()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        await host.WaitForChildAsync(1);
        var status = host.App.Services.GetRequiredService<RouteStatusRegistry>().Find("cam1")!;
        ContinuousRoutes.Configure(status);
        status.SourceSwitched("backup1", "loss");

        var (code, body) = await Eventually.Value(
            async () => { var (s, b, _) = await host.GetAsync("/healthz/ready"); return (s, b); },
            r => r.s == HttpStatusCode.ServiceUnavailable && r.b.Contains("cam1", StringComparison.Ordinal),
            "/healthz/ready to name cam1");

        using var json = JsonDocument.Parse(body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal(0, json.RootElement.GetProperty("onSlate").GetArrayLength());
        Assert.DoesNotContain("slate", json.RootElement.GetProperty("checks").GetProperty("routes").GetString()!, StringComparison.Ordinal);
    }

    /// <summary>Polls readiness while the fake output ffmpeg keeps its media advancing, so staleness never decides the answer.</summary>
    private static Task<(HttpStatusCode Status, string Body)> ReadyUntilAsync(RelayTestHost host, MediaClock media, Func<HttpStatusCode, string, bool> accept) =>
        Eventually.Value(
            async () =>
            {
                media.Advance();
                var (status, body, _) = await host.GetAsync("/healthz/ready");
                return (status, body);
            },
            response => accept(response.status, response.body),
            "/healthz/ready to reach the expected state");

    /// <summary>Progress blocks whose media time runs at twice the wall clock: fresh and never slow.</summary>
    private sealed class MediaClock(FakeChildProcess child)
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public void Advance() =>
            child.WriteProgress(outTimeMicroseconds: 1_000_000 + (long)(Stopwatch.GetElapsedTime(_started).TotalMicroseconds * 2), totalSizeBytes: 1_000);
    }
}
