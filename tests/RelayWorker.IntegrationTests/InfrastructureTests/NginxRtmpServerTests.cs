
namespace RelayWorker.IntegrationTests.InfrastructureTests;

[Collection(TestLanes.Main)]
public sealed class NginxRtmpServerTests
{
    [Fact(Timeout = 30_000)]
    public async Task A_published_test_pattern_can_be_probed_from_the_rtmp_url_as_h264_and_aac()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("smoke"));

        var probe = await Ffprobe.ProbeAsync(nginx.RtmpUrl("smoke"), TimeSpan.FromSeconds(15));

        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal(320, probe.Video?.Width);
        Assert.Equal(240, probe.Video?.Height);
        Assert.Equal("aac", probe.Audio?.CodecName);
        Assert.Contains("flv", probe.FormatName, StringComparison.Ordinal);
    }

    [Fact(Timeout = 15_000)]
    public async Task Files_in_the_hls_directory_are_served_over_http()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(nginx.HlsDirectory, "index.m3u8"), "#EXTM3U\n");
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(nginx.HlsBaseUrl, "index.m3u8"));

        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}\n{nginx.Log}");
        Assert.Equal("application/vnd.apple.mpegurl", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("#EXTM3U\n", await response.Content.ReadAsStringAsync());
    }

    [Fact(Timeout = 15_000)]
    public async Task Dispose_stops_nginx_by_pid()
    {
        var own = await NginxRtmpServer.StartAsync();
        var pid = own.Process.Pid;

        await own.DisposeAsync();

        Assert.False(ProcFs.IsAlive(pid));
        Assert.False(await LoopbackPort.AcceptsTcpAsync(own.RtmpPort));
    }

    [Fact(Timeout = 30_000)]
    public async Task Stop_and_StartAgain_serve_the_same_port_and_log_each_publish()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        var before = MonotonicClock.Now;
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("again"));
        await Poll.UntilAsync(() => nginx.PublishedAfter(before) is not null, TimeSpan.FromSeconds(10), "nginx to log the publish");

        await nginx.StopAsync();
        Assert.False(await LoopbackPort.AcceptsTcpAsync(nginx.RtmpPort));
        await publisher.StopAsync();
        await nginx.StartAgainAsync();
        var again = MonotonicClock.Now;
        await publisher.RestartAsync();

        await Poll.UntilAsync(() => nginx.PublishedAfter(again) is not null, TimeSpan.FromSeconds(10), "nginx to log the second publish");
    }
}
