using RelayWorker.Configuration;
using RelayWorker.FFmpeg;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Thumbnails;

public sealed class ThumbnailArgumentsTests
{
    private static IReadOnlyDictionary<string, Media.RouteDefinition> Routes(params string[] extra) =>
        ConfiguredRoutes.Enabled(EnvConfiguration.Options(EnvConfiguration.From([
            "Relay__Routes__copy1__Source=rtmp://127.0.0.1:1935/live/a",
            "Relay__Routes__copy1__Destinations__0=udp://127.0.0.1:9",
            "Relay__Routes__low__Source=rtmp://127.0.0.1:1935/live/b",
            "Relay__Routes__low__Destinations__0=udp://127.0.0.1:10",
            "Relay__Routes__low__Profile=144p1",
            .. extra])));

    [Fact]
    public void Enabled_CopyRoute_DecodesKeyframesOnlyAndWritesOneJpeg320Wide()
    {
        var args = FfmpegArguments.Build(Routes("Relay__Thumbnails__Enabled=true")["copy1"]);

        var input = args.ToList().IndexOf("-i");
        Assert.Equal(["-skip_frame", "nokey"], args.Skip(input - 2).Take(2));
        Assert.Equal(1, args.Count(a => a == "-skip_frame"));
        var picture = args.ToList().LastIndexOf("-map");
        Assert.Equal(
            ["-map", "0:v:0", "-an", "-sn", "-dn", "-vf", "scale=320:-2", "-fps_mode", "passthrough", "-c:v", "mjpeg", "-q:v", "5",
             "-update", "1", "-atomic_writing", "1", "-f", "image2"],
            args.Skip(picture).Take(19));
        Assert.EndsWith("copy1.jpg", args[^1], StringComparison.Ordinal);
        // The copy output is unchanged: the decoder option does not touch copied packets.
        Assert.Contains("copy", args);
    }

    [Fact]
    public void Enabled_EncodingRoute_GetsNoPictureBecauseItsDecoderMustDecodeEveryFrame()
    {
        var routes = Routes("Relay__Thumbnails__Enabled=true");

        Assert.False(routes["low"].Thumbnail);
        Assert.DoesNotContain("-skip_frame", FfmpegArguments.Build(routes["low"]));
    }

    [Fact]
    public void Default_IsOff_AndTurningItOnChangesTheRouteSoItRestarts()
    {
        var off = Routes()["copy1"];
        var on = Routes("Relay__Thumbnails__Enabled=true")["copy1"];

        Assert.False(off.Thumbnail);
        Assert.DoesNotContain("image2", FfmpegArguments.Build(off));
        Assert.NotEqual(off, on);
    }
}
