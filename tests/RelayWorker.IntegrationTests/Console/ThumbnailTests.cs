using System.Net;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Console;

[Collection(TestLanes.Main)]
public sealed class ThumbnailTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _pictures = Directory.CreateTempSubdirectory("relayworker-thumbnail-test-");

    [Fact(Timeout = 90_000)]
    public async Task Thumbnail_CopyRouteFromRtmp_IsAJpeg320WideThatChangesWithTheStream()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("cam1"));
        await publisher.WaitUntilPublishingAsync(TimeSpan.FromSeconds(15));
        await using var sink = UdpSink.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("cam1", nginx.RtmpUrl("cam1"), sink.Url)
            .Set("Relay__Thumbnails__Enabled", "true")
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync("cam1", TimeSpan.FromSeconds(30));

        var first = await PictureAsync(worker, previous: null);
        var file = Path.Combine(_pictures.FullName, "first.jpg");
        await File.WriteAllBytesAsync(file, first);
        var probe = await Ffprobe.ProbeAsync(file, TimeSpan.FromSeconds(10));
        Assert.Equal("mjpeg", probe.Video?.CodecName);
        Assert.Equal(320, probe.Video?.Width);
        // The test pattern moves, so the next keyframe's picture differs: the file is refreshed while the route runs.
        var next = await PictureAsync(worker, previous: first);
        Assert.NotEqual(first, next);
        // The copy output is untouched by decoding keyframes for the picture.
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(10));
        Assert.Single(worker.FfmpegChildren());

        using var unknown = await worker.HttpClient.GetAsync(new Uri("api/routes/nope/thumbnail", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>Polls until the route has a picture (different from <paramref name="previous"/> when given).</summary>
    private static async Task<byte[]> PictureAsync(WorkerProcess worker, byte[]? previous)
    {
        byte[] picture = [];
        await Poll.UntilAsync(
            async () =>
            {
                using var response = await worker.HttpClient.GetAsync(new Uri("api/routes/cam1/thumbnail", UriKind.Relative));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }
                Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
                picture = await response.Content.ReadAsByteArrayAsync();
                return previous is null || !picture.AsSpan().SequenceEqual(previous);
            },
            TimeSpan.FromSeconds(20),
            previous is null ? "a picture of route cam1" : "a newer picture of route cam1");
        return picture;
    }

    public void Dispose() => _pictures.Delete(recursive: true);
}
