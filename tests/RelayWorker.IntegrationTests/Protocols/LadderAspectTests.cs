using System.Globalization;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Protocols;

/// <summary>
/// A rung fixes the height and keeps the source's display aspect (README "Profiles"): the width comes from the
/// source, even, with square pixels, so 4:3, portrait and anamorphic sources are not stretched to 16:9.
/// ffprobe decodes what the worker sent and checks size, sample and display aspect.
/// </summary>
[Collection(TestLanes.Main)]
public sealed class LadderAspectTests(ITestOutputHelper output)
{
    // Two seconds of media: enough for one keyframe and the stream parameters, short enough for three encodes at once.
    private const double MediaSeconds = 2;

    [Fact(Timeout = 90_000)]
    public async Task Ladder_288p12From16x9And4x3AndPortraitSources_KeepsEachSourcesDisplayAspect()
    {
        // The worker's own test pattern in three shapes: three routes, one worker, each route its own sink.
        (string Route, string Size, int Width, string Aspect)[] cases =
        [
            ("wide", "1280x720", 512, "16:9"),
            ("classic", "640x480", 384, "4:3"),
            ("portrait", "360x640", 162, "9:16"),
        ];
        var sinks = new List<SrtSink>();
        try
        {
            var environment = new RouteEnvironment();
            foreach (var c in cases)
            {
                var sink = await SrtSink.StartAsync();
                sinks.Add(sink);
                environment.Route(c.Route, $"testsrc://{c.Route}?size={c.Size}&rate=25", sink.Url)
                    .Set($"Relay__Routes__{c.Route}__Profile", "288p12");
            }
            await using var worker = WorkerProcess.Start(environment.Build());
            using var report = worker.ReportTo(output);

            for (var i = 0; i < cases.Length; i++)
            {
                await worker.WaitForMediaSecondsAsync(cases[i].Route, MediaSeconds, TimeSpan.FromSeconds(45));
                await sinks[i].WaitForGrowthAsync(TimeSpan.FromSeconds(10), minimumGrowth: 1316);
                await AssertPictureAsync(sinks[i], cases[i].Size, cases[i].Width, 288, cases[i].Aspect);
            }
        }
        finally
        {
            foreach (var sink in sinks)
            {
                await sink.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task Ladder_288p12FromAnAnamorphicRtmpSource_FollowsTheDisplayNotTheStorageAspect()
    {
        // 720x576 stored, pixels 64:45 wide: a 16:9 picture. Storage aspect (5:4) would give 360x288.
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await TestPatternPublisher.StartAnamorphicRtmpAsync(nginx.RtmpUrl("pal"), 720, 576, "64/45");
        await publisher.WaitUntilPublishingAsync(TimeSpan.FromSeconds(15));
        await using var sink = await SrtSink.StartAsync();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("pal", nginx.RtmpUrl("pal"), sink.Url)
            .Set("Relay__Routes__pal__Profile", "288p12")
            .Build());
        using var report = worker.ReportTo(output);

        await worker.WaitForMediaSecondsAsync("pal", MediaSeconds, TimeSpan.FromSeconds(45));
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(10), minimumGrowth: 1316);

        await AssertPictureAsync(sink, "720x576 SAR 64:45", 512, 288, "16:9");
    }

    private async Task AssertPictureAsync(SrtSink sink, string source, int width, int height, string displayAspect)
    {
        var video = (await sink.ProbeAsync()).Video;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{source} -> {video?.Width}x{video?.Height} SAR {video?.SampleAspectRatio} DAR {video?.DisplayAspectRatio}"));

        Assert.Equal("h264", video?.CodecName);
        Assert.Equal((width, height), (video?.Width, video?.Height));
        Assert.Equal("1:1", video?.SampleAspectRatio);
        Assert.Equal(displayAspect, video?.DisplayAspectRatio);
    }
}
