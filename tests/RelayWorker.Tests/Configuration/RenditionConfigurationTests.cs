using RelayWorker.Configuration;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Configuration;

public sealed class RenditionConfigurationTests
{
    [Fact]
    public void Read_RenditionKeys_BindProfileAndDestinationsInIndexOrder()
    {
        var options = EnvConfiguration.Options(EnvConfiguration.From(
            "Relay__Routes__cam1__Source=rtmp://src:1935/live/cam1",
            "Relay__Routes__cam1__Destinations__0=srt://sink:8890",
            "Relay__Routes__cam1__Renditions__low__Profile=144p4",
            "Relay__Routes__cam1__Renditions__low__Destinations__1=srt://sink:8892",
            "Relay__Routes__cam1__Renditions__low__Destinations__0=srt://sink:8891"));

        var rendition = options.Routes["cam1"].Renditions["LOW"];

        Assert.Equal("144p4", rendition.Profile);
        Assert.Equal(["srt://sink:8891", "srt://sink:8892"], rendition.Destinations);
        Assert.False(RelayOptionsSetup.Check(options).Any, RelayOptionsSetup.Check(options).ToMessage());
    }

    [Fact]
    public void Problems_RouteWithOnlyRenditions_IsValidAndRunsEveryDestination()
    {
        var options = EnvConfiguration.Options(EnvConfiguration.From(
            "Relay__Routes__cam1__Source=rtmp://src:1935/live/cam1",
            "Relay__Routes__cam1__Renditions__b__Profile=288p6",
            "Relay__Routes__cam1__Renditions__b__Destinations__0=srt://sink:8892",
            "Relay__Routes__cam1__Renditions__a__Profile=144p4",
            "Relay__Routes__cam1__Renditions__a__Destinations__0=srt://sink:8891"));

        Assert.False(RelayOptionsSetup.Check(options).Any, RelayOptionsSetup.Check(options).ToMessage());
        var route = ConfiguredRoutes.Enabled(options)["cam1"];
        Assert.Equal(["a", "b"], route.Renditions.Select(r => r.Name));
        Assert.Equal(["srt://sink:8891", "srt://sink:8892"], route.AllDestinations.ToArray());
    }

    [Theory]
    [InlineData("Relay__Routes__cam1__Renditions__low__Profile=144p4", "Relay__Routes__cam1__Renditions__low__Destinations: no destination")]
    [InlineData("Relay__Routes__cam1__Renditions__low__Destinations__0=http://sink/x", "Relay__Routes__cam1__Renditions__low__Destinations__0: scheme 'http' cannot be written")]
    [InlineData("Relay__Routes__cam1__Renditions__low__Destinations__0=srt://sink", "Relay__Routes__cam1__Renditions__low__Destinations__0: SRT needs an explicit port")]
    [InlineData("Relay__Routes__cam1__Renditions__low__Bitrate=100", "Relay__Routes__cam1__Renditions__low__Bitrate: unknown setting; expected one of Profile, Destinations")]
    [InlineData("Relay__Routes__cam1__Renditions__-x__Destinations__0=srt://sink:8891", "Relay__Routes__cam1__Renditions__-x: rendition name must be")]
    public void Problems_BadRendition_NamesItsKey(string variable, string expected)
    {
        var problems = EnvConfiguration.Problems(EnvConfiguration.From(
            "Relay__Routes__cam1__Source=rtmp://src:1935/live/cam1",
            "Relay__Routes__cam1__Destinations__0=srt://sink:8890",
            variable));

        Assert.Contains(expected, problems.ToMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_RenditionWithUnknownProfile_NamesTheRenditionsProfileKey()
    {
        var problems = EnvConfiguration.Problems(EnvConfiguration.From(
            "Relay__Routes__cam1__Source=rtmp://src:1935/live/cam1",
            "Relay__Routes__cam1__Renditions__low__Profile=4k",
            "Relay__Routes__cam1__Renditions__low__Destinations__0=srt://sink:8891"));

        Assert.Equal(["Relay__Routes__cam1__Renditions__low__Profile: unknown profile '4k'"],
            problems.All.Select(p => p[..p.IndexOf(';', StringComparison.Ordinal)]));
    }
}
