using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Api;

/// <summary>Issue 5's canary: secrets set in configuration never appear in any endpoint's body.</summary>
[Collection(RelayMeterGroup.Name)]
public sealed class SecretsCanaryTests
{
    private static readonly string[] Secrets = ["s3cretPW", "canary-passphrase-123", "streamidpw", "abcd-efgh-ijkl", "alice", "bobby"];

    private static readonly string[] Endpoints = ["/api/routes", "/api/routes/cam1", "/healthz/ready", "/healthz/live", "/metrics"];

    [Fact(Timeout = 30_000)]
    public async Task Endpoints_ConfiguredSecrets_NeverAppearInAnyBody()
    {
        await using var host = await RelayTestHost.StartAsync(
            "Relay__Routes__cam1__Source=rtmp://alice:s3cretPW@src:1935/live/cam1",
            "Relay__Routes__cam1__Destinations__0=srt://sink:8890?streamid=publish:cam1:bobby:streamidpw&passphrase=canary-passphrase-123",
            "Relay__Routes__cam1__Destinations__1=rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl",
            "Relay__Routes__cam2__Source=srt://src:8890?passphrase=canary-passphrase-123",
            "Relay__Routes__cam2__Destinations__0=rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl",
            "Relay__Routes__cam2__Enabled=false");
        var child = await host.WaitForChildAsync(1);
        // ffmpeg quoting the secrets in its own words, then failing: they reach lastError and the destination errors.
        child.WriteStderr("[srt @ 0x1] [error] Connection to srt://sink:8890?streamid=publish:cam1:bobby:streamidpw&passphrase=canary-passphrase-123 failed");
        child.WriteStderr("[fifo @ 0x2] [error] Error opening rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl: I/O error");
        child.WriteStderr("[error] Input #0, flv, from 'rtmp://alice:s3cretPW@src:1935/live/cam1': auth failed");
        child.WriteProgress(outTimeMicroseconds: 1_000_000, totalSizeBytes: 1_000);
        child.Exit(1);
        await host.WaitForChildAsync(2);
        await host.ScrapeUntilAsync(text => text.Contains("relay_route_restarts_total", StringComparison.Ordinal), "the restart in /metrics");

        foreach (var endpoint in Endpoints)
        {
            var (_, body, _) = await host.GetAsync(endpoint);
            Assert.False(string.IsNullOrWhiteSpace(body), $"{endpoint} returned nothing to check");
            Assert.All(Secrets, secret => Assert.DoesNotContain(secret, body, StringComparison.Ordinal));
        }
        // The API still says something about each secret-bearing field, masked.
        var routes = (await host.GetAsync("/api/routes")).Body;
        Assert.Contains("rtmp://***@src:1935/live/cam1", routes, StringComparison.Ordinal);
        Assert.Contains("live2/***", routes, StringComparison.Ordinal);
    }
}
