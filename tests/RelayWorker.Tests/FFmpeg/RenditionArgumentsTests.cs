using RelayWorker.Configuration;
using RelayWorker.FFmpeg;
using RelayWorker.Media;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.FFmpeg;

public sealed class RenditionArgumentsTests
{
    private static RouteDefinition RouteWithRenditions(params string[] assignments)
    {
        var problems = new ConfigurationProblems();
        var options = RelayConfigurationReader.Read(EnvConfiguration.From(assignments), problems);
        RelayOptionsValidator.Validate(options, problems);
        Assert.False(problems.Any, problems.ToMessage());
        return ConfiguredRoutes.Enabled(options)["cam1"];
    }

    [Fact]
    public void Build_CopyPlusTwoRungs_DecodesOnceAndSplitsIntoOneEncoderPerRung()
    {
        var route = RouteWithRenditions(
            "Relay__Routes__cam1__Source=rtmp://127.0.0.1/live/cam1",
            "Relay__Routes__cam1__Destinations__0=srt://127.0.0.1:9000",
            "Relay__Routes__cam1__Renditions__low__Profile=144p1",
            "Relay__Routes__cam1__Renditions__low__Destinations__0=srt://127.0.0.1:9001",
            "Relay__Routes__cam1__Renditions__mid__Profile=576p25",
            "Relay__Routes__cam1__Renditions__mid__Destinations__0=rtmp://127.0.0.1/live/mid",
            "Relay__Routes__cam1__Renditions__mid__Destinations__1=hls:///tmp/hls/mid");

        var args = FfmpegArguments.Build(route);

        Assert.Single(args, a => a == "-i");
        Assert.Equal(
            "[0:v]split=2[s0][s1];[s0]scale=w=round(144*dar/2)*2:h=144,setsar=1,fps=1[v0];[s1]scale=w=round(576*dar/2)*2:h=576,setsar=1,fps=25[v1]",
            ArgumentList.ValueOf(args, "-filter_complex"));
        // The copy output comes first and has no encoder; each rung maps its own filtered video.
        var firstTee = args.ToList().IndexOf("tee");
        Assert.Contains("copy", args.Take(firstTee));
        Assert.Equal(3, args.Count(a => a == "tee"));
        Assert.Equal(2, args.Count(a => a == "libx264"));
        Assert.Contains("[v0]", args);
        Assert.Contains("[v1]", args);
        Assert.Equal(["srt://127.0.0.1:9000", "srt://127.0.0.1:9001", "rtmp://127.0.0.1/live/mid", "hls:///tmp/hls/mid"], route.AllDestinations.ToArray());
        // The mid rendition's two destinations share its tee: RTMP first, then the HLS directory.
        Assert.Contains(args, a => a.StartsWith("[f=flv:onfail=ignore", StringComparison.Ordinal) && a.Contains("|[f=hls:", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_SingleEncodedRendition_UsesNoSplit()
    {
        var route = RouteWithRenditions(
            "Relay__Routes__cam1__Source=rtmp://127.0.0.1/live/cam1",
            "Relay__Routes__cam1__Renditions__low__Profile=288p12",
            "Relay__Routes__cam1__Renditions__low__Destinations__0=srt://127.0.0.1:9001");

        var args = FfmpegArguments.Build(route);

        Assert.Equal("[0:v]scale=w=round(288*dar/2)*2:h=288,setsar=1,fps=12[v0]", ArgumentList.ValueOf(args, "-filter_complex"));
        Assert.Single(args, a => a == "tee");
    }

    [Fact]
    public void Validate_RenditionWithoutDestinationAndUnknownProfile_NamesTheRenditionKeys()
    {
        var problems = new ConfigurationProblems();
        var options = RelayConfigurationReader.Read(EnvConfiguration.From(
            "Relay__Routes__cam1__Source=rtmp://127.0.0.1/live/cam1",
            "Relay__Routes__cam1__Destinations__0=srt://127.0.0.1:9000",
            "Relay__Routes__cam1__Renditions__low__Profile=999p9"), problems);

        RelayOptionsValidator.Validate(options, problems);

        var message = problems.ToMessage();
        Assert.Contains("Relay__Routes__cam1__Renditions__low__Destinations: no destination", message, StringComparison.Ordinal);
        Assert.Contains("Relay__Routes__cam1__Renditions__low__Profile: unknown profile '999p9'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_RenditionProfileChanged_RouteCountsAsChanged()
    {
        string[] common =
        [
            "Relay__Routes__cam1__Source=rtmp://127.0.0.1/live/cam1",
            "Relay__Routes__cam1__Renditions__low__Destinations__0=srt://127.0.0.1:9001",
        ];
        var before = RouteWithRenditions([.. common, "Relay__Routes__cam1__Renditions__low__Profile=144p1"]);
        var after = RouteWithRenditions([.. common, "Relay__Routes__cam1__Renditions__low__Profile=144p4"]);

        Assert.NotEqual(before, after);
        Assert.Equal(before, RouteWithRenditions([.. common, "Relay__Routes__cam1__Renditions__low__Profile=144p1"]));
    }
}
