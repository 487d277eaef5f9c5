using RelayWorker.FFmpeg;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.FFmpeg;

public sealed class FfmpegArgumentsSourceTests
{
    // SourceArguments.ReadTimeout (10 s) in the microseconds every one of these options takes.
    private const string ReadTimeout = "10000000";

    // MPEG-TS, RTSP and HLS sources are probed long enough to see a keyframe of a two-second GOP (an H.264 stream
    // joined mid-GOP has no size before its next keyframe); RTMP skips the frame-rate guess and keeps ffmpeg's
    // default probe, which waits for the stream the RTMP header announces.
    private const string ProbeSize = "5000000";
    private const string AnalyzeDuration = "3000000";

    /// <summary>source, listen, input options as option/value pairs, the URL ffmpeg gets after -i.</summary>
    public static TheoryData<string, bool, string[], string> NetworkSources => new()
    {
        { "rtmp://mediamtx:1935/cam1", false, ["-rw_timeout", ReadTimeout, "-fpsprobesize", "0"], "rtmp://mediamtx:1935/cam1" },
        { "rtmps://live.example:443/app/cam1", false, ["-rw_timeout", ReadTimeout, "-fpsprobesize", "0"], "rtmps://live.example:443/app/cam1" },
        { "srt://mediamtx:8890?streamid=read:cam1", false, ["-rw_timeout", ReadTimeout, "-probesize", ProbeSize, "-analyzeduration", AnalyzeDuration], "srt://mediamtx:8890?streamid=read:cam1" },
        { "srt://0.0.0.0:9000", true, ["-rw_timeout", ReadTimeout, "-probesize", ProbeSize, "-analyzeduration", AnalyzeDuration], "srt://0.0.0.0:9000?mode=listener" },
        { "srt://0.0.0.0:9000?latency=200000", true, ["-rw_timeout", ReadTimeout, "-probesize", ProbeSize, "-analyzeduration", AnalyzeDuration], "srt://0.0.0.0:9000?latency=200000&mode=listener" },
        { "srt://0.0.0.0:9000?mode=listener", true, ["-rw_timeout", ReadTimeout, "-probesize", ProbeSize, "-analyzeduration", AnalyzeDuration], "srt://0.0.0.0:9000?mode=listener" },
        { "rtmp://0.0.0.0:1935/live/in", true, ["-rw_timeout", ReadTimeout, "-listen", "1", "-fpsprobesize", "0"], "rtmp://0.0.0.0:1935/live/in" },
        { "rtsp://cam.local:554/stream1", false, ["-rtsp_transport", "tcp", "-timeout", ReadTimeout, "-probesize", ProbeSize, "-analyzeduration", AnalyzeDuration], "rtsp://cam.local:554/stream1" },
        { "rtsps://cam.local:322/stream1", false, ["-rtsp_transport", "tcp", "-timeout", ReadTimeout, "-probesize", ProbeSize, "-analyzeduration", AnalyzeDuration], "rtsps://cam.local:322/stream1" },
        {
            "http://cdn.example/live/index.m3u8", false,
            ["-reconnect", "1", "-reconnect_streamed", "1", "-reconnect_on_network_error", "1", "-reconnect_delay_max", "5", "-rw_timeout", ReadTimeout,
                "-probesize", ProbeSize, "-analyzeduration", AnalyzeDuration],
            "http://cdn.example/live/index.m3u8"
        },
        {
            "https://cdn.example/live/index.m3u8", false,
            ["-reconnect", "1", "-reconnect_streamed", "1", "-reconnect_on_network_error", "1", "-reconnect_delay_max", "5", "-rw_timeout", ReadTimeout,
                "-probesize", ProbeSize, "-analyzeduration", AnalyzeDuration],
            "https://cdn.example/live/index.m3u8"
        },
        { "udp://239.0.0.1:1234", false, ["-timeout", ReadTimeout, "-probesize", ProbeSize, "-analyzeduration", AnalyzeDuration], "udp://239.0.0.1:1234" },
    };

    public static TheoryData<string> AllSources => ["rtmp://h:1935/a/s", "rtmps://h/a/s", "srt://h:8890", "rtsp://h/s", "http://h/i.m3u8", "udp://239.0.0.1:1234", "testsrc://demo"];

    [Theory]
    [MemberData(nameof(NetworkSources))]
    public void Build_NetworkSource_PutsReadTimeoutAndProbeOptionsBeforeTheInput(string source, bool listen, string[] inputOptions, string expectedInput)
    {
        var args = FfmpegArguments.Build(TestRoutes.Create(source, listen: listen));

        var input = ArgumentList.InputIndex(args);
        Assert.Equal(expectedInput, args[input + 1]);
        for (var i = 0; i < inputOptions.Length; i += 2)
        {
            ArgumentList.HasPair(args, inputOptions[i], inputOptions[i + 1], to: input);
        }
        // genpts repairs live streams that arrive without timestamps.
        ArgumentList.HasPair(args, "-fflags", "+genpts", to: input);
    }

    [Theory]
    [InlineData("rtmp://mediamtx:1935/cam1", false)]
    [InlineData("rtmps://live.example:443/app/cam1", false)]
    [InlineData("rtmp://0.0.0.0:1935/live/in", true)]
    public void Build_RtmpSource_LeavesProbeDurationAndSizeToFfmpeg(string source, bool listen)
    {
        var args = FfmpegArguments.Build(TestRoutes.Create(source, listen: listen));

        // Any -analyzeduration replaces ffmpeg's wait for a stream that the RTMP header announces but that has not
        // arrived yet (nginx-rtmp starts video at the next keyframe): a short one relays audio only.
        Assert.DoesNotContain("-analyzeduration", args);
        Assert.DoesNotContain("-probesize", args);
        ArgumentList.HasPair(args, "-fpsprobesize", "0", to: ArgumentList.InputIndex(args));
    }

    [Theory]
    [InlineData("rtmp://mediamtx:1935/cam1")]
    [InlineData("srt://mediamtx:8890")]
    public void Build_SourceWithoutListen_NeverListens(string source)
    {
        var args = FfmpegArguments.Build(TestRoutes.Create(source));

        Assert.DoesNotContain("-listen", args);
        Assert.DoesNotContain(args, a => a.Contains("mode=listener", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllSources))]
    public void Build_AnySource_ReportsProgressOnStdoutAndNeverReadsStdin(string source)
    {
        var args = FfmpegArguments.Build(TestRoutes.Create(source));

        var input = ArgumentList.InputIndex(args);
        ArgumentList.HasPair(args, "-progress", "pipe:1", to: input);
        ArgumentList.HasPair(args, "-stats_period", "1", to: input);
        Assert.InRange(ArgumentList.IndexOf(args, "-nostdin"), 0, input - 1);
        ArgumentList.HasPair(args, "-loglevel", "level+info", to: input);
    }

    [Fact]
    public void Build_TestPatternSource_UsesLavfiPatternAndToneEncodedAs720p25()
    {
        var args = FfmpegArguments.Build(TestRoutes.Create("testsrc://demo"));

        var video = ArgumentList.InputIndex(args);
        var audio = ArgumentList.IndexOf(args, "-i", video + 1);
        Assert.Equal("testsrc2=size=1280x720:rate=25", args[video + 1]);
        Assert.Equal("sine=frequency=1000:sample_rate=48000", args[audio + 1]);
        ArgumentList.HasPair(args, "-f", "lavfi", to: video);
        ArgumentList.HasPair(args, "-map", "0:v");
        ArgumentList.HasPair(args, "-map", "1:a");
        Assert.Equal("1400k", ArgumentList.ValueOf(args, "-b:v"));
        Assert.Equal("libx264", ArgumentList.ValueOf(args, "-c:v"));
    }

    [Theory]
    [InlineData("testsrc://demo?size=640x360&rate=10", "testsrc2=size=640x360:rate=10")]
    [InlineData("testsrc://demo?size=640x360,drawtext=text=x&rate=10", "testsrc2=size=1280x720:rate=10")]
    [InlineData("testsrc://demo?size=640x360&rate=0", "testsrc2=size=640x360:rate=25")]
    [InlineData("testsrc://demo?rate=61", "testsrc2=size=1280x720:rate=25")]
    public void Build_TestPatternQuery_OnlyDigitsReachTheFilterGraph(string source, string expectedGraph)
    {
        var args = FfmpegArguments.Build(TestRoutes.Create(source));

        Assert.Equal(expectedGraph, args[ArgumentList.InputIndex(args) + 1]);
    }

    [Theory]
    [InlineData("rtmp://mediamtx:1935/live/my stream")]
    [InlineData("rtmp://mediamtx:1935/live/cam1;rm -rf /")]
    [InlineData("srt://mediamtx:8890?streamid=read:cam1&x=$(reboot)")]
    public void Build_SourceWithShellCharacters_StaysOneArgument(string source)
    {
        var args = FfmpegArguments.Build(TestRoutes.Create(source));

        // argv, not a command line: the URL is one element, and no shell is involved anywhere.
        Assert.Equal(source, args[ArgumentList.InputIndex(args) + 1]);
        Assert.Equal("-hide_banner", args[0]);
        Assert.DoesNotContain(args, a => a is "sh" or "/bin/sh" or "bash" or "/bin/bash");
    }

    [Theory]
    [InlineData("srt://mediamtx:8890")]
    [InlineData("udp://239.0.0.1:1234")]
    [InlineData("rtsp://cam.local:554/stream1")]
    [InlineData("http://cdn.example/live/index.m3u8")]
    [InlineData("rtmp://mediamtx:1935/cam1")]
    public void Build_NetworkSource_ForgetsTheContainersCodecTagsOnTheInputSide(string source)
    {
        var args = FfmpegArguments.Build(TestRoutes.Create(source, destinations: ["rtmp://a/live/x", "srt://b:9000"]));

        // Input side: an output -tag 0 means "unset" to ffmpeg and the tee's FLV slave would inherit HDMV.
        var input = ArgumentList.InputIndex(args);
        ArgumentList.HasPair(args, "-tag:v", "0", to: input);
        ArgumentList.HasPair(args, "-tag:a", "0", to: input);
        Assert.Equal(-1, ArgumentList.IndexOf(args, "-tag:v", input));
    }

    [Fact]
    public void Build_TestPatternSource_HasNoTagOverride()
    {
        var args = FfmpegArguments.Build(TestRoutes.Create("testsrc://demo"));

        Assert.DoesNotContain("-tag:v", args);
    }
}
