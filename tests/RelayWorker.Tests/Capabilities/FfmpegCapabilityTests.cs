using RelayWorker.Configuration;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Capabilities;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FfmpegCapabilityTests : IDisposable
{
    private readonly FakeFfmpegScript _reduced = new();
    private readonly FfmpegBinaryCheck _check = new();

    [Fact]
    public void CapabilitiesOf_TheInstalledFfmpeg_ListsWhatItsBuildHas()
    {
        var ffmpeg = _check.CapabilitiesOf("ffmpeg");

        Assert.NotNull(ffmpeg);
        Assert.StartsWith("ffmpeg version ", ffmpeg.Version, StringComparison.Ordinal);
        Assert.DoesNotContain("Copyright", ffmpeg.Version, StringComparison.Ordinal);
        // Debian's ffmpeg is built with libsrt, gnutls, libx264 and libx265.
        Assert.Superset(new HashSet<string> { "srt", "rtmp", "rtmps", "https", "tls", "udp", "file" }, ffmpeg.Protocols.ToHashSet());
        Assert.Superset(new HashSet<string> { "flv", "mpegts", "hls", "tee", "fifo", "rtsp", "image2" }, ffmpeg.Muxers.ToHashSet());
        Assert.Superset(new HashSet<string> { "libx264", "libx265", "aac", "mjpeg" }, ffmpeg.Encoders.ToHashSet());
        Assert.Superset(new HashSet<string> { "scale", "setsar", "fps", "split", "testsrc2", "sine" }, ffmpeg.Filters.ToHashSet());
        // Legend lines are not capabilities.
        Assert.DoesNotContain("=", ffmpeg.Filters.ToList());
        Assert.DoesNotContain("Input:", ffmpeg.Protocols.ToList());
        Assert.DoesNotContain("V.....", ffmpeg.Encoders.ToList());
    }

    [Fact]
    public void CapabilitiesOf_AReducedFfmpeg_ListsOnlyWhatItReports()
    {
        var ffmpeg = _check.CapabilitiesOf(_reduced.Path);

        Assert.NotNull(ffmpeg);
        Assert.Equal("ffmpeg version 4.4-reduced", ffmpeg.Version);
        Assert.Equal(["file", "rtmp", "tcp", "udp"], ffmpeg.Protocols.Order());
        Assert.Equal(["fifo", "flv", "mpegts", "tee"], ffmpeg.Muxers.Order());
        Assert.Equal(["aac", "libx264"], ffmpeg.Encoders.Order());
        Assert.Equal(["fps", "scale", "setsar", "sine", "split", "testsrc2"], ffmpeg.Filters.Order());
    }

    [Fact]
    public void Gate_ReducedFfmpeg_RefusesEachRouteThatNeedsWhatItLacksNamingRouteKeyAndCapability()
    {
        var gate = new ConfigurationGate(_check);
        var options = EnvConfiguration.Options(EnvConfiguration.From(
            $"Relay__FfmpegPath={_reduced.Path}",
            "Relay__Routes__fine__Source=rtmp://127.0.0.1:1935/live/a",
            "Relay__Routes__fine__Destinations__0=udp://127.0.0.1:9",
            "Relay__Routes__fine__Profile=288p12",
            "Relay__Routes__srtin__Source=srt://127.0.0.1:9000",
            "Relay__Routes__srtin__Destinations__0=udp://127.0.0.1:9",
            "Relay__Routes__secure__Source=rtmp://127.0.0.1:1935/live/b",
            "Relay__Routes__secure__Destinations__0=rtmps://127.0.0.1:443/live/key",
            "Relay__Routes__secure__Destinations__1=hls:///tmp/relayworker-never-written",
            "Relay__Routes__hevc__Source=testsrc://pattern",
            "Relay__Routes__hevc__Destinations__0=udp://127.0.0.1:9",
            "Relay__Routes__hevc__Profile=small265",
            "Relay__Profiles__small265__Width=320",
            "Relay__Profiles__small265__Height=180",
            "Relay__Profiles__small265__Fps=10",
            "Relay__Profiles__small265__VideoKbps=100",
            "Relay__Profiles__small265__Codec=h265"));

        var verdict = gate.Judge(options);

        Assert.False(verdict.Accepted);
        Assert.Equal(
            [
                "Relay__Routes__hevc__Profile: route 'hevc' needs the libx265 encoder (ffmpeg built with libx265), which this ffmpeg (ffmpeg version 4.4-reduced) does not have",
                "Relay__Routes__secure__Destinations__0: route 'secure' needs the rtmps protocol (ffmpeg built with TLS: gnutls or openssl), which this ffmpeg (ffmpeg version 4.4-reduced) does not have",
                "Relay__Routes__secure__Destinations__1: route 'secure' needs the hls muxer, which this ffmpeg (ffmpeg version 4.4-reduced) does not have",
                "Relay__Routes__srtin__Source: route 'srtin' needs the srt protocol (ffmpeg built with libsrt), which this ffmpeg (ffmpeg version 4.4-reduced) does not have",
            ],
            verdict.Problems.All);
    }

    [Fact]
    public void Gate_ReducedFfmpeg_AcceptsRoutesItCanRun()
    {
        var gate = new ConfigurationGate(_check);
        var options = EnvConfiguration.Options(EnvConfiguration.From(
            $"Relay__FfmpegPath={_reduced.Path}",
            "Relay__Routes__cam1__Source=rtmp://127.0.0.1:1935/live/a",
            "Relay__Routes__cam1__Destinations__0=udp://127.0.0.1:9",
            "Relay__Routes__cam1__Destinations__1=rtmp://127.0.0.1:1935/live/b",
            "Relay__Routes__cam1__Renditions__low__Profile=144p1",
            "Relay__Routes__cam1__Renditions__low__Destinations__0=udp://127.0.0.1:10",
            "Relay__Routes__off__Source=srt://127.0.0.1:9000",
            "Relay__Routes__off__Destinations__0=udp://127.0.0.1:9",
            "Relay__Routes__off__Enabled=false"));

        var verdict = gate.Judge(options);

        Assert.True(verdict.Accepted, verdict.Problems.ToMessage());
    }

    [Fact]
    public void Gate_InstalledFfmpeg_AcceptsSrtTlsHlsAndH265()
    {
        var gate = new ConfigurationGate(_check);
        var options = EnvConfiguration.Options(EnvConfiguration.From(
            "Relay__Routes__all__Source=srt://127.0.0.1:9000",
            "Relay__Routes__all__Destinations__0=rtmps://127.0.0.1:443/live/key",
            "Relay__Routes__all__Destinations__1=hls:///tmp/relayworker-never-written",
            "Relay__Routes__all__Profile=small265",
            "Relay__Profiles__small265__Width=320",
            "Relay__Profiles__small265__Height=180",
            "Relay__Profiles__small265__Fps=10",
            "Relay__Profiles__small265__VideoKbps=100",
            "Relay__Profiles__small265__Codec=h265"));

        Assert.True(gate.Judge(options).Accepted);
    }

    [Fact]
    public void Gate_RouteWithOtherProblems_GetsThoseOnlyNotCapabilityGuesses()
    {
        var gate = new ConfigurationGate(_check);
        var options = EnvConfiguration.Options(EnvConfiguration.From(
            $"Relay__FfmpegPath={_reduced.Path}",
            "Relay__Routes__bad__Source=srt://127.0.0.1:9000",
            "Relay__Routes__bad__Profile=nosuchprofile",
            "Relay__Routes__bad__Destinations__0=udp://127.0.0.1:9"));

        var problems = gate.Judge(options).Problems.All;

        Assert.Single(problems);
        Assert.StartsWith("Relay__Routes__bad__Profile: unknown profile", problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_NoRouteLeftToCheck_DoesNotAskFfmpegForItsListings()
    {
        var counting = new CountingCheck();
        var gate = new ConfigurationGate(counting);

        gate.Judge(EnvConfiguration.Options(EnvConfiguration.From(
            "Relay__Routes__bad__Source=ftp://127.0.0.1/x",
            "Relay__Routes__bad__Destinations__0=udp://127.0.0.1:9")));
        Assert.Equal(0, counting.Asked);

        gate.Judge(EnvConfiguration.Options(EnvConfiguration.From(
            "Relay__Routes__good__Source=rtmp://127.0.0.1/live/a",
            "Relay__Routes__good__Destinations__0=udp://127.0.0.1:9")));
        Assert.Equal(1, counting.Asked);
    }

    public void Dispose() => _reduced.Dispose();

    private sealed class CountingCheck : FfmpegBinaryCheck
    {
        public int Asked { get; private set; }

        public override RelayWorker.Capabilities.FfmpegCapabilities? CapabilitiesOf(string path, string cacheFile = "")
        {
            Asked++;
            return base.CapabilitiesOf(path, cacheFile);
        }
    }
}
