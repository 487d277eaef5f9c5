using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Relay;

[Collection(TestLanes.Main)]
public sealed class InvalidConfigurationTests(ITestOutputHelper output)
{
    [Fact(Timeout = 60_000)]
    public async Task Worker_InvalidConfiguration_ExitsNonZeroWithEveryProblemAndStartsNoChild()
    {
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            // A valid route next to the broken ones must not start either.
            .Route("good", "testsrc://good", "srt://127.0.0.1:9?mode=listener")
            .Route("cam1", "ftp://example.invalid/feed")
            .Set("Relay__Routes__cam 2__Source", "rtmp://127.0.0.1/live/x")
            .Set("Relay__Routes__cam 2__Destinations__0", "srt://user:hunter22secret@127.0.0.1:9000")
            .Set("Relay__StallTimeout", "-00:00:05")
            .Set("Relay__Routes__good__Profile", "999p99")
            .Build());
        using var report = worker.ReportTo(output);

        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, exitCode);
        var log = worker.Output;
        Assert.Contains("Relay__Routes__cam1__Source: scheme 'ftp' cannot be read", log, StringComparison.Ordinal);
        Assert.Contains("Relay__Routes__cam1__Destinations: no destination", log, StringComparison.Ordinal);
        Assert.Contains("Relay__Routes__cam 2: route name must be", log, StringComparison.Ordinal);
        Assert.Contains("Relay__StallTimeout: -00:00:05 is negative", log, StringComparison.Ordinal);
        Assert.Contains("Relay__Routes__good__Profile: unknown profile '999p99'", log, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter22secret", log, StringComparison.Ordinal);
        Assert.DoesNotContain("ffmpeg started", log, StringComparison.Ordinal);
    }
}
