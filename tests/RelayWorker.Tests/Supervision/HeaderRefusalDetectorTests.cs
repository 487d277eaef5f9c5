using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

/// <summary>Lines are ffmpeg 5.1's (level tag removed), from a tee + fifo run with an MP2-audio MPEG-TS source.</summary>
public sealed class HeaderRefusalDetectorTests
{
    private const string Mp2Refused = "[flv @ 0x555d74943640] Audio codec mp2 not compatible with flv";

    [Fact]
    public void Observe_FlvRefusesTheMedia_NamesTheOnlyRtmpDestination()
    {
        var detector = HeaderRefusalDetector.For("srt://enc:9000", ["udp://127.0.0.1:5000", "rtmp://h/live/x"]);

        Assert.Equal(1, detector.Observe(Mp2Refused, isError: true));
        Assert.Equal(1, detector.Observe("[flv @ 0x1] Tag HDMV incompatible with output codec id '27' ([7][0][0][0])", isError: true));
    }

    [Theory]
    [InlineData("[flv @ 0x1] Audio codec mp2 not compatible with flv", false)]
    [InlineData("[rtmp @ 0x1] Server error: Already publishing", true)]
    [InlineData("[tee @ 0x1] Slave muxer #0 failed: Function not implemented, continuing with 1/2 slaves.", true)]
    [InlineData("Could not write header for output file #0 (incorrect codec parameters ?): Invalid argument", true)]
    [InlineData("[h264 @ 0x1] non-existing PPS 0 referenced", true)]
    public void Observe_OtherLines_NameNoDestination(string line, bool isError)
    {
        var detector = HeaderRefusalDetector.For("srt://enc:9000", ["udp://127.0.0.1:5000", "rtmp://h/live/x"]);

        Assert.Null(detector.Observe(line, isError));
    }

    [Fact]
    public void Observe_TwoRtmpDestinations_CannotTellWhichAndNamesNone()
    {
        var detector = HeaderRefusalDetector.For("srt://enc:9000", ["rtmp://a/live/x", "rtmp://b/live/y"]);

        Assert.Null(detector.Observe(Mp2Refused, isError: true));
    }

    [Fact]
    public void Observe_RtmpSource_FlvLinesMayBeTheDemuxersAndNameNoDestination()
    {
        var detector = HeaderRefusalDetector.For("rtmp://origin/live/in", ["rtmp://h/live/x", "srt://sink:9000"]);

        Assert.Null(detector.Observe(Mp2Refused, isError: true));
    }
}
