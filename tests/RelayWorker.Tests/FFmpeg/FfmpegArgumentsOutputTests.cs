using RelayWorker.FFmpeg;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.FFmpeg;

public sealed class FfmpegArgumentsOutputTests
{
    /// <summary>destination, muxer, muxer options as pairs, the URL ffmpeg writes to.</summary>
    public static TheoryData<string, string, string[], string> SingleDestinations => new()
    {
        { "srt://sink:8890", "mpegts", ["-omit_video_pes_length", "0", "-flush_packets", "1"], "srt://sink:8890?pkt_size=1316" },
        { "srt://sink:8890?streamid=publish:cam1", "mpegts", ["-omit_video_pes_length", "0", "-flush_packets", "1"], "srt://sink:8890?streamid=publish:cam1&pkt_size=1316" },
        { "srt://sink:8890?pkt_size=1456", "mpegts", ["-omit_video_pes_length", "0", "-flush_packets", "1"], "srt://sink:8890?pkt_size=1456" },
        { "srt://sink:8890?streamid=publish:cam1&pkt_size=1316", "mpegts", ["-omit_video_pes_length", "0", "-flush_packets", "1"], "srt://sink:8890?streamid=publish:cam1&pkt_size=1316" },
        { "udp://239.0.0.1:1234", "mpegts", ["-omit_video_pes_length", "0", "-flush_packets", "1"], "udp://239.0.0.1:1234" },
        { "udp://239.0.0.1:1234?pkt_size=1316", "mpegts", ["-omit_video_pes_length", "0", "-flush_packets", "1"], "udp://239.0.0.1:1234?pkt_size=1316" },
        { "rtmp://a.rtmp.youtube.com/live2/abcd-efgh", "flv", ["-flvflags", "no_duration_filesize"], "rtmp://a.rtmp.youtube.com/live2/abcd-efgh" },
        { "rtmps://live-api-s.facebook.com:443/rtmp/FB-1", "flv", ["-flvflags", "no_duration_filesize"], "rtmps://live-api-s.facebook.com:443/rtmp/FB-1" },
        { "rtsp://mediamtx:8554/cam1", "rtsp", ["-rtsp_transport", "tcp"], "rtsp://mediamtx:8554/cam1" },
    };

    [Theory]
    [MemberData(nameof(SingleDestinations))]
    public void Build_SingleDestination_MuxerFollowsScheme(string destination, string muxer, string[] muxerOptions, string expectedUrl)
    {
        var args = FfmpegArguments.Build(TestRoutes.Create(destinations: [destination]));

        Assert.Equal(expectedUrl, args[^1]);
        Assert.Equal(["-f", muxer], args.Skip(args.Count - 3).Take(2));
        var input = ArgumentList.InputIndex(args);
        for (var i = 0; i < muxerOptions.Length; i += 2)
        {
            ArgumentList.HasPair(args, muxerOptions[i], muxerOptions[i + 1], from: input + 2);
        }
        Assert.DoesNotContain("tee", args);
    }

    [Fact]
    public void Build_TwoDestinations_UsesTeeWithFifoAndIgnoresFailingSlaves()
    {
        var args = FfmpegArguments.Build(TestRoutes.Create(destinations: ["rtmp://a.rtmp.youtube.com/live2/abcd-efgh", "srt://sink:8890"]));

        ArgumentList.HasPair(args, "-f", "tee");
        Assert.Equal("1", ArgumentList.ValueOf(args, "-use_fifo"));
        // A dead destination is retried on its own and drops packets rather than blocking the others.
        var fifo = ArgumentList.ValueOf(args, "-fifo_options").Split(':');
        Assert.Superset(
            new HashSet<string> { "attempt_recovery=1", "recover_any_error=1", "recovery_wait_time=1", "drop_pkts_on_overflow=1", "restart_with_keyframe=1" },
            new HashSet<string>(fifo));
        Assert.Single(fifo, o => o.StartsWith("queue_size=", StringComparison.Ordinal));
        Assert.Equal(
            "[f=flv:onfail=ignore:flvflags=no_duration_filesize]rtmp://a.rtmp.youtube.com/live2/abcd-efgh|[f=mpegts:onfail=ignore:omit_video_pes_length=0:flush_packets=1]srt://sink:8890?pkt_size=1316",
            args[^1]);
        // One ffmpeg, one output: the tee is the only muxer and the only output URL.
        Assert.DoesNotContain("flv", args);
    }

    [Theory]
    [InlineData("srt://0.0.0.0:8890?mode=listener", "[f=mpegts:onfail=ignore:omit_video_pes_length=0:flush_packets=1]srt://0.0.0.0:8890?mode=listener&pkt_size=1316")]
    [InlineData("srt://127.0.0.1:8890?passphrase=longenoughsecret&mode=LISTENER", "[f=mpegts:onfail=ignore:omit_video_pes_length=0:flush_packets=1]srt://127.0.0.1:8890?passphrase=longenoughsecret&mode=LISTENER&pkt_size=1316")]
    public void Build_SingleListenerDestination_SitsBehindAFifoThatDropsWhileNobodyReads(string destination, string slave)
    {
        var args = FfmpegArguments.Build(TestRoutes.Create(destinations: [destination]));

        // Written directly, ffmpeg would wait in the output's open while the source buffered, and the first
        // caller would get all of it; the fifo keeps the input flowing and restarts at a keyframe.
        ArgumentList.HasPair(args, "-f", "tee");
        Assert.Contains("restart_with_keyframe=1", ArgumentList.ValueOf(args, "-fifo_options").Split(':'));
        Assert.Contains("drop_pkts_on_overflow=1", ArgumentList.ValueOf(args, "-fifo_options").Split(':'));
        Assert.Equal(slave, args[^1]);
    }

    [Theory]
    [InlineData("srt://sink:8890?mode=caller")]
    [InlineData("srt://sink:8890")]
    [InlineData("rtmp://h/live/x?mode=listener")]
    public void Build_SingleCallerDestination_IsWrittenDirectly(string destination)
    {
        var args = FfmpegArguments.Build(TestRoutes.Create(destinations: [destination]));

        Assert.DoesNotContain("tee", args);
    }

    [Fact]
    public void Build_ThreeDestinations_EverySlaveHasItsMuxerAndOnfailIgnore()
    {
        var args = FfmpegArguments.Build(TestRoutes.Create(destinations: ["srt://a:8890", "rtsp://b:8554/cam1", "udp://239.0.0.1:1234"]));

        var slaves = args[^1].Split('|');
        Assert.Equal(
            ["[f=mpegts:onfail=ignore:omit_video_pes_length=0:flush_packets=1]srt://a:8890?pkt_size=1316", "[f=rtsp:onfail=ignore:rtsp_transport=tcp]rtsp://b:8554/cam1", "[f=mpegts:onfail=ignore:omit_video_pes_length=0:flush_packets=1]udp://239.0.0.1:1234"],
            slaves);
    }

    [Theory]
    [InlineData("rtmp://h/live/a|b", @"rtmp://h/live/a\|b")]
    [InlineData("rtmp://h/live/[x]", @"rtmp://h/live/\[x\]")]
    [InlineData(@"rtmp://h/live/a\b", @"rtmp://h/live/a\\b")]
    [InlineData("rtmp://h/live/it's", @"rtmp://h/live/it\'s")]
    [InlineData("srt://h:8890?streamid=#!::r=cam1,m=publish", "srt://h:8890?streamid=#!::r=cam1,m=publish")]
    [InlineData("", "")]
    public void EscapeTee_SpecialCharacters_AreBackslashEscaped(string url, string expected)
    {
        Assert.Equal(expected, OutputArguments.EscapeTee(url));
    }

    [Fact]
    public void Build_TeeDestinationWithSeparator_IsEscapedSoItStaysOneSlave()
    {
        var args = FfmpegArguments.Build(TestRoutes.Create(destinations: ["rtmp://h/live/a|b", "rtmp://h/live/[c]"]));

        Assert.Equal(
            @"[f=flv:onfail=ignore:flvflags=no_duration_filesize]rtmp://h/live/a\|b|[f=flv:onfail=ignore:flvflags=no_duration_filesize]rtmp://h/live/\[c\]",
            args[^1]);
    }

    [Fact]
    public void Build_CopyProfile_RemuxesWithOptionalMaps()
    {
        var args = FfmpegArguments.Build(TestRoutes.Create());

        var input = ArgumentList.InputIndex(args);
        ArgumentList.HasPair(args, "-map", "0:v?", from: input);
        ArgumentList.HasPair(args, "-map", "0:a?", from: input);
        Assert.Equal("copy", ArgumentList.ValueOf(args, "-c"));
        Assert.DoesNotContain("-c:v", args);
        Assert.DoesNotContain("-vf", args);
    }

    [Theory]
    [InlineData("rtmp://sink/live/key;reboot")]
    [InlineData("rtmp://sink/live/my key")]
    public void Build_DestinationWithShellCharacters_StaysOneArgument(string destination)
    {
        var args = FfmpegArguments.Build(TestRoutes.Create(destinations: [destination]));

        Assert.Equal(destination, args[^1]);
    }
}
