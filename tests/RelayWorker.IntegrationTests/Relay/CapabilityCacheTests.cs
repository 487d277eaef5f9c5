using System.Globalization;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Relay;

/// <summary>
/// ffmpeg's capability listings remembered across starts (<c>Relay__CapabilityCache</c>): written by
/// <c>--cache-ffmpeg-capabilities</c> as the container image's build does, read by the next start instead of five
/// ffmpeg runs, and checked against ffmpeg itself once the routes have started.
/// </summary>
[Collection(TestLanes.Main)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CapabilityCacheTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 120_000)]
    public async Task CacheCommand_WritesTheListings_AndTheNextStartRelaysFromThemWithoutListingFfmpeg()
    {
        using var directory = TempDirectory.Create("capability-cache");
        var cache = directory.File("ffmpeg-capabilities.json");
        await using (var command = WorkerProcess.Start(
            new Dictionary<string, string> { ["Relay__CapabilityCache"] = cache },
            launch: new WorkerLaunch { Arguments = ["--cache-ffmpeg-capabilities"] }))
        {
            using var commandReport = command.ReportTo(output);
            Assert.Equal(0, await command.WaitForExitAsync(ExitTimeout));
            Assert.Contains($"written to {cache}", command.Output, StringComparison.Ordinal);
        }
        Assert.Contains("srt", await CachedProtocolsAsync(cache));

        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("cam1"));
        await publisher.WaitUntilPublishingAsync(TimeSpan.FromSeconds(15));
        await using var sink = await SrtSink.StartAsync();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("cam1", nginx.RtmpUrl("cam1"), sink.Url)
            .Set("Relay__CapabilityCache", cache)
            .Build());
        using var report = worker.ReportTo(output);

        await worker.WaitForLineAsync(line => line.Contains($"were read from {cache}", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        await sink.WaitForBytesAsync(200_000, TimeSpan.FromSeconds(30));
    }

    [Fact(Timeout = 120_000)]
    public async Task ACacheThatClaimsWhatFfmpegNoLongerHas_StopsTheWorkerWithTheRefusalOnceFfmpegIsListed()
    {
        using var directory = TempDirectory.Create("capability-cache");
        var cache = directory.File("ffmpeg-capabilities.json");
        // An ffmpeg whose srt support goes away without the binary changing, as when a library behind it is replaced.
        var ffmpeg = directory.File("ffmpeg");
        await File.WriteAllTextAsync(ffmpeg, """
            #!/bin/sh
            if [ "$2" = "-protocols" ] && [ -e "$(dirname "$0")/srt-removed" ]; then
              ffmpeg -hide_banner -protocols | grep -v '^  srt$'
              exit 0
            fi
            exec ffmpeg "$@"

            """.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(ffmpeg, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var settings = new Dictionary<string, string> { ["Relay__FfmpegPath"] = ffmpeg, ["Relay__CapabilityCache"] = cache };
        await using (var command = WorkerProcess.Start(settings, launch: new WorkerLaunch { Arguments = ["--cache-ffmpeg-capabilities"] }))
        {
            using var commandReport = command.ReportTo(output);
            Assert.Equal(0, await command.WaitForExitAsync(ExitTimeout));
        }
        await File.WriteAllTextAsync(directory.File("srt-removed"), "");

        var source = string.Create(CultureInfo.InvariantCulture, $"rtmp://127.0.0.1:{FreePort.Tcp()}/live/cam1");
        var destination = string.Create(CultureInfo.InvariantCulture, $"srt://127.0.0.1:{FreePort.Udp()}?pkt_size=1316");
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("cam1", source, destination)
            .Set("Relay__FfmpegPath", ffmpeg)
            .Set("Relay__CapabilityCache", cache)
            .Build());
        using var report = worker.ReportTo(output);

        // Accepted from the cache: the route runs until ffmpeg itself is listed.
        await worker.WaitForLineAsync(line => line.Contains("Application started", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        Assert.Equal(2, await worker.WaitForExitAsync(ExitTimeout));
        Assert.Contains("route 'cam1' needs the srt protocol", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("srt", await CachedProtocolsAsync(cache));
    }

    /// <summary>The protocols the cache file remembers for its only binary ("srt" is also a subtitle muxer's name).</summary>
    private static async Task<List<string>> CachedProtocolsAsync(string cache)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(cache));
        var entry = Assert.Single(json.RootElement.GetProperty("entries").EnumerateArray().ToList());
        return [.. entry.GetProperty("protocols").EnumerateArray().Select(protocol => protocol.GetString()!)];
    }
}
