using RelayWorker.Redaction;

namespace RelayWorker.Tests.Redaction;

public sealed class SecretRedactorUrlTests
{
    [Theory]
    // URL user-info, whatever the role
    [InlineData("rtmp://user:pw@host/app/s", false, "rtmp://***@host/app/s")]
    [InlineData("rtsp://admin:hunter22@cam.local:554/stream1", false, "rtsp://***@cam.local:554/stream1")]
    [InlineData("srt://user@host:8890", false, "srt://***@host:8890")]
    // Secret query parameters
    [InlineData("srt://host:8890?passphrase=0123456789abc", false, "srt://host:8890?passphrase=***")]
    [InlineData("srt://host:8890?mode=caller&pass=hunter22&latency=200", false, "srt://host:8890?mode=caller&pass=***&latency=200")]
    [InlineData("rtsp://cam.local/stream?password=hunter22", false, "rtsp://cam.local/stream?password=***")]
    [InlineData("https://cdn.example/live/index.m3u8?key=abc123&quality=hd", false, "https://cdn.example/live/index.m3u8?key=***&quality=hd")]
    [InlineData("https://cdn.example/live/index.m3u8?token=abc123", false, "https://cdn.example/live/index.m3u8?token=***")]
    [InlineData("https://cdn.example/live/index.m3u8?access_token=abc123", false, "https://cdn.example/live/index.m3u8?access_token=***")]
    [InlineData("rtmp://host/app/stream?user=alice&PASSWORD=x1", false, "rtmp://host/app/stream?user=alice&PASSWORD=***")]
    // MediaMTX stream ids, raw and percent-encoded
    [InlineData("srt://mediamtx:8890?streamid=publish:cam1:user:pass", true, "srt://mediamtx:8890?streamid=publish:cam1:***:***")]
    [InlineData("srt://mediamtx:8890?streamid=publish%3Acam1%3Auser%3Apass", true, "srt://mediamtx:8890?streamid=publish:cam1:***:***")]
    [InlineData("srt://mediamtx:8890?streamid=read:cam1?user=alice&pass=secret1", false, "srt://mediamtx:8890?streamid=read:cam1?user=***&pass=***")]
    // SRT access-control stream ids, raw and percent-encoded
    [InlineData("srt://mediamtx:8890?streamid=#!::r=cam1,m=publish,u=alice,s=tok123", true, "srt://mediamtx:8890?streamid=#!::r=cam1,m=publish,u=***,s=***")]
    [InlineData("srt://mediamtx:8890?streamid=%23!::r=cam1,m=publish,u=alice,s=tok123", true, "srt://mediamtx:8890?streamid=#!::r=cam1,m=publish,u=***,s=***")]
    // RTMP stream keys: hidden for a destination, kept for a source (there it names the stream)
    [InlineData("rtmp://a.rtmp.youtube.com/live2/abcd-efgh", true, "rtmp://a.rtmp.youtube.com/live2/***")]
    [InlineData("rtmp://a.rtmp.youtube.com/live2/abcd-efgh", false, "rtmp://a.rtmp.youtube.com/live2/abcd-efgh")]
    [InlineData("rtmps://live-api-s.facebook.com:443/rtmp/FB-123-abc", true, "rtmps://live-api-s.facebook.com:443/rtmp/***")]
    [InlineData("RTMP://host/live/key-1/", true, "RTMP://host/live/***/")]
    // Nothing secret: unchanged
    [InlineData("srt://mediamtx:8890?streamid=publish:cam1-srt&pkt_size=1316", true, "srt://mediamtx:8890?streamid=publish:cam1-srt&pkt_size=1316")]
    [InlineData("rtmp://mediamtx:1935/cam1", true, "rtmp://mediamtx:1935/cam1")]
    [InlineData("udp://239.0.0.1:1234?pkt_size=1316", true, "udp://239.0.0.1:1234?pkt_size=1316")]
    [InlineData("rtsp://cam.local:554/stream1", false, "rtsp://cam.local:554/stream1")]
    [InlineData("testsrc://demo?size=640x360", false, "testsrc://demo?size=640x360")]
    // Several kinds at once
    [InlineData("srt://u:p@host:8890?streamid=publish:cam1:bob:pw2&passphrase=0123456789", true, "srt://***@host:8890?streamid=publish:cam1:***:***&passphrase=***")]
    public void RedactUrl_Table_HidesEverySecretAndNothingElse(string url, bool isDestination, string expected)
    {
        Assert.Equal(expected, SecretRedactor.RedactUrl(url, isDestination));
    }

    [Fact]
    public void RedactUrl_Fragment_IsHiddenWhole()
    {
        Assert.Equal("https://cdn.example/live.m3u8#***", SecretRedactor.RedactUrl("https://cdn.example/live.m3u8#token-in-fragment"));
    }

    [Theory]
    [InlineData("passphrase=xyz", "passphrase=***")]
    [InlineData("no url here", "no url here")]
    public void RedactUrl_NotAUrl_StillHidesAssignments(string text, string expected)
    {
        Assert.Equal(expected, SecretRedactor.RedactUrl(text));
    }
}
