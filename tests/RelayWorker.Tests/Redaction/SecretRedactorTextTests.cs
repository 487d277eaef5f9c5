using RelayWorker.Redaction;

namespace RelayWorker.Tests.Redaction;

public sealed class SecretRedactorTextTests
{
    [Theory]
    [InlineData(
        "[srt @ 0x5] Connection to srt://sink:8890?passphrase=0123456789&streamid=publish:cam1:u1:p1 failed: Connection refused",
        "[srt @ 0x5] Connection to srt://sink:8890?passphrase=***&streamid=publish:cam1:***:*** failed: Connection refused")]
    [InlineData("Input #0, flv, from 'rtmp://user:pw@host/live/cam1':", "Input #0, flv, from 'rtmp://***@host/live/cam1':")]
    [InlineData("tried \"rtsp://admin:hunter22@cam.local/s\" twice", "tried \"rtsp://***@cam.local/s\" twice")]
    [InlineData("Unrecognized option passphrase=xyz", "Unrecognized option passphrase=***")]
    [InlineData("password = hunter2, retrying", "password = ***, retrying")]
    [InlineData("token: abc123 expired", "token: *** expired")]
    [InlineData("Stream #0:0: Video: h264, yuv420p, 1280x720, 25 fps", "Stream #0:0: Video: h264, yuv420p, 1280x720, 25 fps")]
    [InlineData("route cam1 restarted after 3 s", "route cam1 restarted after 3 s")]
    public void RedactText_Table_HidesUrlsAndAssignments(string text, string expected)
    {
        Assert.Equal(expected, SecretRedactor.RedactText(text));
    }

    [Fact]
    public void RedactText_FfmpegOutputLineWithStreamKey_HidesTheKnownKey()
    {
        // ffmpeg names the output without saying it is a destination; only the known key gives it away.
        const string line = "Output #0, flv, to 'rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl':";

        var redacted = SecretRedactor.RedactText(line, ["abcd-efgh-ijkl"]);

        Assert.Equal("Output #0, flv, to 'rtmp://a.rtmp.youtube.com/live2/***':", redacted);
    }

    [Fact]
    public void RedactText_KnownSecretAnywhere_IsReplaced()
    {
        var redacted = SecretRedactor.RedactText("libsrt: wrong secret s3cr3t-Phrase (s3cr3t-Phrase)", ["s3cr3t-Phrase"]);

        Assert.Equal("libsrt: wrong secret *** (***)", redacted);
    }

    [Fact]
    public void RedactText_NoKnownSecrets_LeavesStreamKeyOfBareUrl()
    {
        // Documents the limit of the pattern rules: without the known-secret list a stream key in free text is
        // indistinguishable from a stream name, which is why logs always pass KnownSecrets.
        const string line = "Output #0, flv, to 'rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl':";

        Assert.Equal(line, SecretRedactor.RedactText(line));
    }

    [Theory]
    [InlineData("Unrecognized option access_token=abc123", "Unrecognized option access_token=***")]
    [InlineData("stream_key=abc123 rejected", "stream_key=*** rejected")]
    [InlineData("srt_passphrase: abc123", "srt_passphrase: ***")]
    public void RedactText_SnakeCaseSecretName_IsMasked(string text, string expected)
    {
        Assert.Equal(expected, SecretRedactor.RedactText(text));
    }
}
