using Microsoft.Extensions.Configuration;
using RelayWorker.Configuration;
using RelayWorker.Media;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Configuration;

public sealed class RelayConfigurationReaderTests
{
    [Fact]
    public void Read_EnvironmentShapedKeys_BindsEveryRouteSetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Relay:Routes:cam1:Source"] = "rtmp://mediamtx:1935/cam1",
            ["Relay:Routes:cam1:Destinations:0"] = "srt://mediamtx:8890?streamid=publish:cam1-srt&pkt_size=1316",
            ["Relay:Routes:cam1:Destinations:1"] = "rtmp://a.rtmp.youtube.com/live2/KEY",
            ["Relay:Routes:cam1:Profile"] = "576p25",
            ["Relay:Routes:cam1:Enabled"] = "false",
            ["Relay:Routes:cam1:Listen"] = "true",
        }).Build();
        var problems = new ConfigurationProblems();

        var options = RelayConfigurationReader.Read(configuration, problems);

        Assert.False(problems.Any, string.Join(Environment.NewLine, problems.All));
        var route = Assert.Single(options.Routes).Value;
        Assert.Equal("rtmp://mediamtx:1935/cam1", route.Source);
        Assert.Equal(["srt://mediamtx:8890?streamid=publish:cam1-srt&pkt_size=1316", "rtmp://a.rtmp.youtube.com/live2/KEY"], route.Destinations);
        Assert.Equal("576p25", route.Profile);
        Assert.False(route.Enabled);
        Assert.True(route.Listen);
    }

    [Fact]
    public void Read_DestinationsWithGaps_KeepsIndexOrder()
    {
        var configuration = EnvConfiguration.From(
            "Relay__Routes__cam1__Source=rtmp://src:1935/live/cam1",
            "Relay__Routes__cam1__Destinations__10=srt://ten:8890",
            "Relay__Routes__cam1__Destinations__2=srt://two:8890",
            "Relay__Routes__cam1__Destinations__0=srt://zero:8890");

        var options = RelayConfigurationReader.Read(configuration, new ConfigurationProblems());

        Assert.Equal(["srt://zero:8890", "srt://two:8890", "srt://ten:8890"], options.Routes["cam1"].Destinations);
    }

    [Fact]
    public void Read_OnlySourceAndDestination_AppliesTheDocumentedDefaults()
    {
        var configuration = EnvConfiguration.From(
            "Relay__Routes__cam1__Source=rtmp://src:1935/live/cam1",
            "Relay__Routes__cam1__Destinations__0=srt://sink:8890");

        var options = RelayConfigurationReader.Read(configuration, new ConfigurationProblems());

        var route = options.Routes["cam1"];
        Assert.Equal("copy", route.Profile);
        Assert.True(route.Enabled);
        Assert.False(route.Listen);
        Assert.Equal("ffmpeg", options.FfmpegPath);
        Assert.Equal(TimeSpan.FromSeconds(5), options.StopTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), options.StallTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Restart.InitialDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Restart.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Restart.StableAfter);
        Assert.Equal("text", options.LogFormat);
        Assert.Equal((0, 1), (options.Shard.Index, options.Shard.Count));
    }

    [Fact]
    public void Read_GlobalSettings_BindsEachOne()
    {
        var configuration = EnvConfiguration.From(
            "Relay__FfmpegPath=/opt/ffmpeg/bin/ffmpeg",
            "Relay__Restart__InitialDelay=00:00:00.100",
            "Relay__Restart__MaxDelay=00:01:00",
            "Relay__Restart__StableAfter=00:02:00",
            "Relay__StopTimeout=00:00:02.500",
            "Relay__StallTimeout=00:00:20",
            "Relay__StartTimeout=00:00:30",
            "Relay__MaxStartingRoutes=8",
            "Relay__ChildNiceness=0",
            "Relay__LogFormat=json",
            "Relay__Shard__Index=2",
            "Relay__Shard__Count=3");
        var problems = new ConfigurationProblems();

        var options = RelayConfigurationReader.Read(configuration, problems);

        Assert.False(problems.Any, string.Join(Environment.NewLine, problems.All));
        Assert.Equal("/opt/ffmpeg/bin/ffmpeg", options.FfmpegPath);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.Restart.InitialDelay);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Restart.MaxDelay);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Restart.StableAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.StopTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), options.StallTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.StartTimeout);
        Assert.Equal((8, 0), (options.MaxStartingRoutes, options.ChildNiceness));
        Assert.Equal("json", options.LogFormat);
        Assert.Equal((2, 3), (options.Shard.Index, options.Shard.Count));
    }

    [Fact]
    public void Read_CustomProfile_BindsEveryField()
    {
        var configuration = EnvConfiguration.From(
            "Relay__Profiles__hevc720__Width=1280",
            "Relay__Profiles__hevc720__Height=720",
            "Relay__Profiles__hevc720__Fps=30",
            "Relay__Profiles__hevc720__VideoKbps=2000",
            "Relay__Profiles__hevc720__Codec=h265",
            "Relay__Profiles__hevc720__KeyframeSeconds=1",
            "Relay__Profiles__hevc720__AudioKbps=0");

        var options = RelayConfigurationReader.Read(configuration, new ConfigurationProblems());

        var profile = options.Profiles["HEVC720"];
        Assert.Equal((1280, 720, 30, 2000, "h265", 1, 0),
            (profile.Width, profile.Height, profile.Fps, profile.VideoKbps, profile.Codec, profile.KeyframeSeconds, profile.AudioKbps));
    }

    [Fact]
    public void Read_KeysInAnyCase_BindTheSameRoute()
    {
        var configuration = EnvConfiguration.From(
            "RELAY__ROUTES__cam1__SOURCE=rtmp://src:1935/live/cam1",
            "relay__routes__cam1__destinations__0=srt://sink:8890",
            "Relay__Routes__cam1__enabled=FALSE");
        var problems = new ConfigurationProblems();

        var options = RelayConfigurationReader.Read(configuration, problems);

        Assert.False(problems.Any, string.Join(Environment.NewLine, problems.All));
        Assert.Equal("rtmp://src:1935/live/cam1", options.Routes["CAM1"].Source);
        Assert.Equal(["srt://sink:8890"], options.Routes["cam1"].Destinations);
        Assert.False(options.Routes["cam1"].Enabled);
    }

    [Fact]
    public void Read_RealEnvironmentVariables_BindLikeTheirInMemoryKeys()
    {
        // A unique prefix keeps this test's variables away from every other test in the process.
        var prefix = $"RWTEST{Guid.NewGuid():N}_";
        string[] names = [prefix + "Relay__Routes__cam1__Source", prefix + "Relay__Routes__cam1__Destinations__0", prefix + "Relay__StallTimeout"];
        string[] values = ["rtmp://src:1935/live/cam1", "srt://sink:8890", "00:00:30"];
        try
        {
            for (var i = 0; i < names.Length; i++)
            {
                Environment.SetEnvironmentVariable(names[i], values[i]);
            }
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();

            var options = RelayConfigurationReader.Read(configuration, new ConfigurationProblems());

            Assert.Equal("rtmp://src:1935/live/cam1", options.Routes["cam1"].Source);
            Assert.Equal(["srt://sink:8890"], options.Routes["cam1"].Destinations);
            Assert.Equal(TimeSpan.FromSeconds(30), options.StallTimeout);
        }
        finally
        {
            foreach (var name in names)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Fact]
    public void EnabledRoutes_ValidOptions_SkipsDisabledAndResolvesProfiles()
    {
        var options = EnvConfiguration.Options(EnvConfiguration.From(
            "Relay__Routes__cam1__Source=rtmp://src:1935/live/cam1",
            "Relay__Routes__cam1__Destinations__0=srt://sink:8890",
            "Relay__Routes__cam1__Profile=576P25",
            "Relay__Routes__cam2__Source=rtmp://src:1935/live/cam2",
            "Relay__Routes__cam2__Destinations__0=srt://sink:8891",
            "Relay__Routes__cam2__Enabled=false"));

        var routes = ConfiguredRoutes.Enabled(options);

        var route = Assert.Single(routes).Value;
        Assert.Equal("cam1", route.Name);
        Assert.Equal(ProfileCatalog.Ladder.Single(p => p.Name == "576p25"), route.Profile);
        Assert.Equal(["srt://sink:8890"], route.Destinations.ToArray());
    }
}
