using System.Text.Json;
using RelayWorker.IntegrationTests.Infrastructure;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Interop;

/// <summary>
/// A destination that cannot take the media: a GStreamer MPEG-TS source with MP2 audio, which FLV cannot
/// carry, relayed to nginx-rtmp and to UDP. ffmpeg's fifo would keep the refused publish open and retry
/// into "Already publishing" every second; the worker must never hold two sessions to it, must say why it
/// fails, and must keep the other destination streaming.
/// </summary>
[Collection(TestLanes.Main)]
public sealed class DestinationRefusalTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] NotUp = ["Down", "Failing"];

    [Fact(Timeout = 90_000)]
    public async Task RtmpDestinationRefusesMp2Audio_NeverASecondSession_CauseShown_OtherDestinationDecodes()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        var sourcePort = FreePort.Udp();
        var udpPort = FreePort.Udp();
        await using var encoder = GstEncoder.StartSrtListenerWithMp2Audio(sourcePort);
        await Poll.UntilAsync(() => LoopbackPort.IsUdpBound(sourcePort), StartTimeout, "the GStreamer encoder to listen");
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("mp2", $"srt://127.0.0.1:{sourcePort}", nginx.RtmpUrl("mp2"), $"udp://127.0.0.1:{udpPort}?pkt_size=1316")
            .Build());
        using var report = worker.ReportTo(output);

        await Poll.UntilAsync(async () => await CauseAsync(worker) == "incompatible", StartTimeout, "destination 0 to show cause incompatible");
        await using (var udp = GstViewer.Udp(udpPort))
        {
            await udp.WaitForFramesAsync(GstEncoder.FramesPerSecond, StartTimeout);
        }

        // Several seconds of the fifo's one-second retry cadence have passed: not one refused second publish.
        Assert.Contains("publish: name='mp2'", nginx.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("already publishing", nginx.Log, StringComparison.OrdinalIgnoreCase);
        var destination = (await worker.RouteAsync("mp2")).GetProperty("destinationStatus")[0];
        Assert.Contains(destination.GetProperty("state").GetString(), NotUp);
        Assert.Contains("mp2", destination.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var metrics = await worker.HttpClient.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.Matches("relay_destination_failures\\{[^}]*cause=\"incompatible\"[^}]*destination=\"0\"[^}]*\\} [1-9]", metrics);
        var (exitCode, lint) = await Promtool.CheckMetricsAsync(metrics);
        Assert.True(exitCode == 0 && lint.Trim().Length == 0, $"promtool check metrics (exit {exitCode}): {lint}");
    }

    private static async Task<string?> CauseAsync(WorkerProcess worker)
    {
        try
        {
            var cause = (await worker.RouteAsync("mp2")).GetProperty("destinationStatus")[0].GetProperty("cause");
            return cause.ValueKind == JsonValueKind.String ? cause.GetString() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
