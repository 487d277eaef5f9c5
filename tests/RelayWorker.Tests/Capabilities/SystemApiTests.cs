using System.Net;
using System.Text.Json;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Capabilities;

[Collection(RelayMeterGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SystemApiTests : IDisposable
{
    private readonly FakeFfmpegScript _reduced = new();

    [Fact(Timeout = 30_000)]
    public async Task System_ShowsWorkerAndFfmpegVersionsCapabilitiesShardAndRouteCounts()
    {
        await using var host = await RelayTestHost.StartAsync(
            $"Relay__FfmpegPath={_reduced.Path}",
            "Relay__Shard__Count=1",
            "Relay__Routes__cam1__Source=rtmp://127.0.0.1:1935/live/a",
            "Relay__Routes__cam1__Destinations__0=udp://127.0.0.1:9",
            "Relay__Routes__cam2__Source=rtmp://127.0.0.1:1935/live/b",
            "Relay__Routes__cam2__Destinations__0=udp://127.0.0.1:10",
            "Relay__Routes__cam2__Enabled=false");
        await host.WaitForChildAsync(1);

        var (status, body, contentType) = await host.GetAsync("/api/system");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", contentType);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.False(string.IsNullOrEmpty(root.GetProperty("version").GetString()));
        var ffmpeg = root.GetProperty("ffmpeg");
        Assert.Equal(_reduced.Path, ffmpeg.GetProperty("path").GetString());
        Assert.Equal("ffmpeg version 4.4-reduced", ffmpeg.GetProperty("version").GetString());
        var protocols = ffmpeg.GetProperty("capabilities").GetProperty("protocols");
        Assert.True(protocols.GetProperty("rtmp").GetBoolean());
        Assert.False(protocols.GetProperty("srt").GetBoolean());
        Assert.False(ffmpeg.GetProperty("capabilities").GetProperty("muxers").GetProperty("hls").GetBoolean());
        Assert.True(ffmpeg.GetProperty("capabilities").GetProperty("encoders").GetProperty("libx264").GetBoolean());
        Assert.False(ffmpeg.GetProperty("capabilities").GetProperty("encoders").GetProperty("libx265").GetBoolean());
        Assert.Equal(0, root.GetProperty("shard").GetProperty("index").GetInt32());
        Assert.Equal(1, root.GetProperty("shard").GetProperty("count").GetInt32());
        Assert.Equal(2, root.GetProperty("routes").GetProperty("configured").GetInt32());
        Assert.Equal(2, root.GetProperty("routes").GetProperty("owned").GetInt32());
    }

    public void Dispose() => _reduced.Dispose();
}
