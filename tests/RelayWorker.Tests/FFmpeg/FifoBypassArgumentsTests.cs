using RelayWorker.FFmpeg;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.FFmpeg;

public sealed class FifoBypassArgumentsTests
{
    [Fact]
    public void Build_DestinationWithoutFifo_IsAPlainTeeSlaveAndTheOthersKeepTheirFifo()
    {
        var route = TestRoutes.Create(destinations: ["rtmp://h/live/x", "srt://sink:8890"]);

        var args = FfmpegArguments.Build(route, new HashSet<int> { 0 });

        Assert.Equal(
            "[f=flv:onfail=ignore:use_fifo=0:flvflags=no_duration_filesize]rtmp://h/live/x|[f=mpegts:onfail=ignore:omit_video_pes_length=0:flush_packets=1]srt://sink:8890?pkt_size=1316",
            args[^1]);
        Assert.Equal("1", ArgumentList.ValueOf(args, "-use_fifo"));
    }

    [Fact]
    public void Build_NoBypass_IsTheSameAsBefore()
    {
        var route = TestRoutes.Create(destinations: ["rtmp://h/live/x", "srt://sink:8890"]);

        Assert.Equal(FfmpegArguments.Build(route), FfmpegArguments.Build(route, new HashSet<int>()));
        Assert.DoesNotContain(FfmpegArguments.Build(route), a => a.Contains("use_fifo=0", StringComparison.Ordinal));
    }
}
