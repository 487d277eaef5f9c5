using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RelayWorker.Configuration;
using RelayWorker.Media;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Configuration;

public sealed class ProfileAliasTests
{
    private static readonly Dictionary<string, ProfileOptions> NoCustomProfiles = [];

    [Theory]
    [InlineData("228p1", "288p1")]
    [InlineData("228p6", "288p6")]
    [InlineData("228P12", "288p12")]
    [InlineData("228p25", "288p25")]
    public void Resolve_Deprecated228Name_IsThe288Rung(string alias, string rung)
    {
        Assert.True(ConfiguredRoutes.ProfileExists(alias, NoCustomProfiles));

        var profile = ConfiguredRoutes.ResolveProfile(alias, NoCustomProfiles);

        Assert.Same(ConfiguredRoutes.ResolveProfile(rung, NoCustomProfiles), profile);
        Assert.Equal((512, 288), (profile.Width, profile.Height));
    }

    [Fact]
    public void Ladder_HasNo228Rung()
    {
        Assert.DoesNotContain(ProfileCatalog.Ladder, p => p.Height == 228 || p.Name.StartsWith("228", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_AliasInRouteAndRendition_IsValidAndRunsLikeTheNewName()
    {
        var old = Options("Relay__Routes__cam1__Profile=228p12", "Relay__Routes__cam1__Renditions__low__Profile=228p1");
        var current = Options("Relay__Routes__cam1__Profile=288p12", "Relay__Routes__cam1__Renditions__low__Profile=288p1");

        Assert.False(RelayOptionsSetup.Check(old).Any, RelayOptionsSetup.Check(old).ToMessage());
        // The same ffmpeg, so renaming the profile in a running configuration restarts nothing.
        Assert.Equal(ConfiguredRoutes.Enabled(current)["cam1"], ConfiguredRoutes.Enabled(old)["cam1"]);
    }

    [Fact]
    public void Validate_CustomProfileNamedLikeAnAlias_IsRefusedAsBuiltIn()
    {
        var problems = EnvConfiguration.Problems(EnvConfiguration.From(
            "Relay__Routes__cam1__Source=rtmp://src:1935/live/cam1",
            "Relay__Routes__cam1__Destinations__0=srt://sink:8890",
            "Relay__Profiles__228p6__Width=640", "Relay__Profiles__228p6__Height=360",
            "Relay__Profiles__228p6__Fps=6", "Relay__Profiles__228p6__VideoKbps=100"));

        Assert.Contains(problems.All, p => p.StartsWith("Relay__Profiles__228p6: this name is a built-in profile", StringComparison.Ordinal));
    }

    [Fact]
    public void InUse_NamesEveryKeyThatUsesAnAlias()
    {
        var options = Options("Relay__Routes__cam1__Profile=228p12", "Relay__Routes__cam1__Renditions__low__Profile=228p1",
            "Relay__Routes__cam1__Renditions__web__Profile=576p25");

        Assert.Equal(
            [
                new DeprecatedProfileUse("Relay__Routes__cam1__Profile", "228p12", "288p12"),
                new DeprecatedProfileUse("Relay__Routes__cam1__Renditions__low__Profile", "228p1", "288p1"),
            ],
            ProfileAliasWarnings.InUse(options));
    }

    [Fact]
    public void Report_WarnsOncePerKeyAcrossReapplies()
    {
        var warnings = new ProfileAliasWarnings();
        var logger = new FakeLogger();
        var options = Options("Relay__Routes__cam1__Profile=228p12");

        warnings.Report(options, logger);
        warnings.Report(options, logger);

        var record = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Contains("Relay__Routes__cam1__Profile", record.Message, StringComparison.Ordinal);
        Assert.Contains("'228p12' is deprecated", record.Message, StringComparison.Ordinal);
        Assert.Contains("288p12", record.Message, StringComparison.Ordinal);

        // A second route taking up an alias later is new, so it is reported too.
        warnings.Report(Options("Relay__Routes__cam1__Profile=228p12", "Relay__Routes__cam2__Profile=228p6"), logger);

        Assert.Equal(2, logger.Collector.Count);
        Assert.Contains("Relay__Routes__cam2__Profile", logger.LatestRecord.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_CurrentNames_LogNothing()
    {
        var logger = new FakeLogger();

        var reported = new ProfileAliasWarnings().Report(Options("Relay__Routes__cam1__Profile=288p12"), logger);

        Assert.Empty(reported);
        Assert.Equal(0, logger.Collector.Count);
    }

    private static RelayOptions Options(params string[] profileLines)
    {
        var lines = new List<string>();
        foreach (var route in profileLines.Select(l => l.Split("__")[2]).Distinct())
        {
            lines.Add($"Relay__Routes__{route}__Source=rtmp://src:1935/live/{route}");
            lines.Add($"Relay__Routes__{route}__Destinations__0=srt://sink:8890");
        }
        foreach (var line in profileLines.Where(l => l.Contains("__Renditions__", StringComparison.Ordinal)))
        {
            var prefix = line[..line.IndexOf("__Profile=", StringComparison.Ordinal)];
            lines.Add($"{prefix}__Destinations__0=srt://sink:8891");
        }
        return EnvConfiguration.Options(EnvConfiguration.From([.. lines, .. profileLines]));
    }
}
