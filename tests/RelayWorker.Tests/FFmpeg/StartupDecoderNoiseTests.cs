using Microsoft.Extensions.Logging;
using RelayWorker.FFmpeg;

namespace RelayWorker.Tests.FFmpeg;

/// <summary>The lines are ffmpeg 5.1's, from a route that joined a GStreamer MPEG-TS source mid-GOP.</summary>
public sealed class StartupDecoderNoiseTests
{
    [Theory]
    [InlineData("[h264 @ 0x55c8709f4a00] [error] non-existing PPS 0 referenced")]
    [InlineData("[h264 @ 0x55c8709f4a00] [error] decode_slice_header error")]
    [InlineData("[h264 @ 0x55c8709f4a00] [error] no frame!")]
    [InlineData("[hevc @ 0x55c8709f4a00] [error] PPS id out of range: 0")]
    public void Apply_BeforeMedia_DemotesDecoderStartupComplaintsToDebug(string raw)
    {
        var noise = new StartupDecoderNoise();

        var line = noise.Apply(FfmpegLogLine.Parse(raw));

        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.False(line.IsError);
    }

    [Fact]
    public void Apply_AfterMediaStarted_KeepsTheErrorLevel()
    {
        var noise = new StartupDecoderNoise();
        noise.MarkMediaStarted();

        var line = noise.Apply(FfmpegLogLine.Parse("[h264 @ 0x55c8709f4a00] [error] non-existing PPS 0 referenced"));

        Assert.Equal(LogLevel.Error, line.Level);
    }

    [Theory]
    [InlineData("[flv @ 0x555d55f29000] [error] Tag HDMV incompatible with output codec id '27' ([7][0][0][0])")]
    [InlineData("[srt @ 0x1] [error] Connection to srt://h:1 failed: Input/output error")]
    [InlineData("[aac @ 0x1] [error] Input buffer exhausted before END element found")]
    [InlineData("[h264 @ 0x1] [error] Invalid data found: something else")]
    public void Apply_BeforeMedia_LeavesEveryOtherErrorAlone(string raw)
    {
        var noise = new StartupDecoderNoise();

        Assert.Equal(LogLevel.Error, noise.Apply(FfmpegLogLine.Parse(raw)).Level);
    }
}
