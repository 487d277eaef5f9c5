using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

public sealed class DestinationErrorTextTests
{
    public static TheoryData<string, string, string> Lines => new()
    {
        { "rtmp://127.0.0.1:1935/live/***", "[fifo @ 0x55c72f2b76c0] Recovery failed: Connection refused",
            "destination 1 (rtmp://127.0.0.1:1935/live/***): connection refused (Recovery failed: Connection refused)" },
        { "srt://127.0.0.1:9000?pkt_size=1316", "[fifo @ 0x55c72f2b76c0] Error opening srt://127.0.0.1:9000?pkt_size=1316: Input/output error",
            "destination 1 (srt://127.0.0.1:9000?pkt_size=1316): no SRT listener answered within the connect timeout (Error opening srt://127.0.0.1:9000?pkt_size=1316: Input/output error)" },
        { "srt://relay.invalid:9000", "[tcp @ 0x5581] Failed to resolve hostname relay.invalid: Name or service not known",
            "destination 1 (srt://relay.invalid:9000): DNS name not found (Failed to resolve hostname relay.invalid: Name or service not known)" },
        { "srt://127.0.0.1:9000?passphrase=***", "[srt @ 0x5581] Connection setup failure: connection rejected",
            "destination 1 (srt://127.0.0.1:9000?passphrase=***): rejected passphrase or stream id (Connection setup failure: connection rejected)" },
        { "rtmp://127.0.0.1:1935/live/***", "[flv @ 0x5581] Tag HDMV incompatible with output codec id '27'",
            "destination 1 (rtmp://127.0.0.1:1935/live/***): the destination's format cannot carry this media (Tag HDMV incompatible with output codec id '27')" },
        { "udp://127.0.0.1:9", "[mpegts @ 0x5581] something unforeseen",
            "destination 1 (udp://127.0.0.1:9): something unforeseen" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void Describe_FfmpegLine_NamesTheDestinationAndWhatHappenedWithoutObjectPrefixes(string target, string line, string expected)
    {
        var text = DestinationErrorText.Describe(1, target, line);

        Assert.Equal(expected, text);
        Assert.DoesNotContain("@ 0x", text, StringComparison.Ordinal);
    }
}
