using RelayWorker.Configuration;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Configuration;

public sealed class ConfigurationGateTests
{
    private readonly ConfigurationGate _gate = new(new NoFfmpegCheck());

    [Fact]
    public void Judge_SameConfigurationTwice_ValidatesItOnceAndGivesTheSameVerdict()
    {
        var options = EnvConfiguration.Options(EnvConfiguration.From("Relay__Routes__cam1__Source=srt://127.0.0.1:9000", "Relay__Routes__cam1__Destinations__0=udp://127.0.0.1:9"));

        // What Program.cs does at start, then the supervisor's first apply of the same configuration.
        var atStart = _gate.Judge(options);
        var atFirstApply = _gate.Judge(options);

        Assert.Same(atStart, atFirstApply);
        Assert.True(atStart.Accepted);
        Assert.Equal(1, _gate.Validations);
    }

    [Fact]
    public void Judge_AReloadedConfiguration_IsValidatedAgainAndABadOneRefused()
    {
        _gate.Judge(EnvConfiguration.Options(EnvConfiguration.From("Relay__Routes__cam1__Source=srt://127.0.0.1:9000", "Relay__Routes__cam1__Destinations__0=udp://127.0.0.1:9")));

        var reload = _gate.Judge(EnvConfiguration.Options(EnvConfiguration.From("Relay__Routes__cam1__Source=ftp://127.0.0.1/x", "Relay__Routes__cam1__Destinations__0=udp://127.0.0.1:9")));

        Assert.False(reload.Accepted);
        Assert.Null(reload.EnabledRoutes);
        Assert.Contains("Relay__Routes__cam1__Source: scheme 'ftp' cannot be read", reload.Problems.ToMessage(), StringComparison.Ordinal);
        Assert.Equal(2, _gate.Validations);
    }

    /// <summary>The binary check runs ffmpeg; these tests are about the gate.</summary>
    private sealed class NoFfmpegCheck : FfmpegBinaryCheck
    {
        public override string? ProblemWith(string path, string cacheFile = "") => null;

        public override RelayWorker.Capabilities.FfmpegCapabilities? CapabilitiesOf(string path, string cacheFile = "") => null;
    }
}
