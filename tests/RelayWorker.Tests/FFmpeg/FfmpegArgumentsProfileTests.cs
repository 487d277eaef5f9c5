using System.Globalization;
using RelayWorker.Configuration;
using RelayWorker.FFmpeg;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.FFmpeg;

public sealed class FfmpegArgumentsProfileTests
{
    private static readonly Dictionary<string, ProfileOptions> NoCustomProfiles = [];

    /// <summary>The ladder table of README.md ("Profiles: the low-bandwidth ladder"), copied here so the catalog is checked against the contract.</summary>
    public static TheoryData<string, int, int, int, int> DesignLadder => new()
    {
        { "144p1", 256, 144, 1, 6 },
        { "144p4", 256, 144, 4, 20 },
        { "228p1", 512, 228, 1, 20 },
        { "228p6", 512, 228, 6, 80 },
        { "228p12", 512, 228, 12, 125 },
        { "228p25", 512, 228, 25, 250 },
        { "576p1", 1024, 576, 1, 120 },
        { "576p6", 1024, 576, 6, 300 },
        { "576p12", 1024, 576, 12, 500 },
        { "576p25", 1024, 576, 25, 750 },
        { "720p1", 1280, 720, 1, 150 },
        { "720p6", 1280, 720, 6, 450 },
        { "720p12", 1280, 720, 12, 650 },
        { "720p25", 1280, 720, 25, 1400 },
        { "1080p1", 1920, 1080, 1, 400 },
        { "1080p6", 1920, 1080, 6, 1000 },
        { "1080p12", 1920, 1080, 12, 1800 },
        { "1080p25", 1920, 1080, 25, 3000 },
    };

    [Fact]
    public void Ladder_HasExactlyTheDesignRungs()
    {
        var designNames = DesignLadder.Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        Assert.Equal(designNames, ProfileCatalog.Ladder.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DesignLadder))]
    public void Build_LadderRung_EncodesConstantRateX264ByTheGuidesRules(string name, int width, int height, int fps, int kbps)
    {
        var profile = ProfileCatalog.Resolve(name, NoCustomProfiles);

        var args = FfmpegArguments.Build(TestRoutes.Create(profile: profile));

        var filter = ArgumentList.ValueOf(args, "-vf");
        Assert.Contains(Invariant($"scale={width}:{height}"), filter, StringComparison.Ordinal);
        Assert.Contains(Invariant($"fps={fps}"), filter, StringComparison.Ordinal);
        var rate = Invariant($"{kbps}k");
        Assert.Equal(rate, ArgumentList.ValueOf(args, "-b:v"));
        Assert.Equal(rate, ArgumentList.ValueOf(args, "-minrate"));
        Assert.Equal(rate, ArgumentList.ValueOf(args, "-maxrate"));
        Assert.Equal(Invariant($"{Math.Max(1, kbps / fps)}k"), ArgumentList.ValueOf(args, "-bufsize"));
        Assert.Equal(Invariant($"{fps * 2}"), ArgumentList.ValueOf(args, "-g"));
        Assert.Equal(Invariant($"{fps * 2}"), ArgumentList.ValueOf(args, "-keyint_min"));
        Assert.Equal("libx264", ArgumentList.ValueOf(args, "-c:v"));
        Assert.Equal("ultrafast", ArgumentList.ValueOf(args, "-preset"));
        Assert.Equal("zerolatency", ArgumentList.ValueOf(args, "-tune"));
        Assert.Equal("yuv420p", ArgumentList.ValueOf(args, "-pix_fmt"));
        // HRD signalling makes x264 hold the rate instead of treating maxrate as a mere ceiling.
        Assert.Equal("nal-hrd=cbr", ArgumentList.ValueOf(args, "-x264-params"));
        ArgumentList.HasPair(args, "-map", "0:v:0");
        Assert.DoesNotContain("copy", args);
    }

    public static TheoryData<string, int> DesignLadderRates
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var row in DesignLadder)
            {
                data.Add((string)row[0], (int)row[4]);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(DesignLadderRates))]
    public void Build_LadderRung_ScalesAacToTheRungAndGoesMonoBelow24k(string name, int kbps)
    {
        // 64 kbit/s of audio would swamp the lowest rungs: 16 (mono) below 100 kbit/s of video, 32 below 400.
        var (audio, mono) = kbps switch { < 100 => ("16k", true), < 400 => ("32k", false), _ => ("64k", false) };

        var args = FfmpegArguments.Build(TestRoutes.Create(profile: ProfileCatalog.Resolve(name, NoCustomProfiles)));

        Assert.Equal("aac", ArgumentList.ValueOf(args, "-c:a"));
        Assert.Equal(audio, ArgumentList.ValueOf(args, "-b:a"));
        Assert.Equal("48000", ArgumentList.ValueOf(args, "-ar"));
        Assert.Equal(mono, args.Contains("-ac"));
        if (mono)
        {
            Assert.Equal("1", ArgumentList.ValueOf(args, "-ac"));
        }
    }

    [Theory]
    [InlineData("576P25")]
    [InlineData("Copy")]
    public void Resolve_BuiltInNameInAnyCase_FindsTheBuiltIn(string name)
    {
        Assert.True(ProfileCatalog.Exists(name, NoCustomProfiles));
        Assert.Equal(name.ToLowerInvariant(), ProfileCatalog.Resolve(name, NoCustomProfiles).Name.ToLowerInvariant());
    }

    [Fact]
    public void Build_CustomH265Profile_UsesLibx265WithItsOwnSettings()
    {
        var custom = new Dictionary<string, ProfileOptions>(StringComparer.OrdinalIgnoreCase)
        {
            ["hevc720"] = new() { Width = 1280, Height = 720, Fps = 30, VideoKbps = 2000, Codec = "H265", KeyframeSeconds = 1, AudioKbps = 96 },
        };

        var args = FfmpegArguments.Build(TestRoutes.Create(profile: ProfileCatalog.Resolve("hevc720", custom)));

        Assert.Equal("libx265", ArgumentList.ValueOf(args, "-c:v"));
        Assert.Equal("strict-cbr=1:hrd=1", ArgumentList.ValueOf(args, "-x265-params"));
        Assert.DoesNotContain("-x264-params", args);
        Assert.Equal("2000k", ArgumentList.ValueOf(args, "-b:v"));
        Assert.Equal("66k", ArgumentList.ValueOf(args, "-bufsize"));
        Assert.Equal("30", ArgumentList.ValueOf(args, "-g"));
        Assert.Equal("96k", ArgumentList.ValueOf(args, "-b:a"));
        Assert.DoesNotContain("-ac", args);
        Assert.Contains("scale=1280:720", ArgumentList.ValueOf(args, "-vf"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h264", "libx264")]
    [InlineData("h265", "libx265")]
    public void Build_AudioKbpsZero_DropsAudio(string codec, string encoder)
    {
        var profile = new VideoProfile("silent", 640, 360, 10, 300, codec, KeyframeSeconds: 2, AudioKbps: 0);

        var args = FfmpegArguments.Build(TestRoutes.Create(profile: profile));

        Assert.Contains("-an", args);
        Assert.DoesNotContain("-c:a", args);
        Assert.DoesNotContain("-b:a", args);
        Assert.Equal(encoder, ArgumentList.ValueOf(args, "-c:v"));
    }

    [Theory]
    [InlineData(6, 1, 6)]
    [InlineData(20, 4, 5)]
    [InlineData(125, 12, 10)]
    [InlineData(3, 25, 1)]
    [InlineData(100, 0, 100)]
    public void BufferKbits_IsBitrateOverFpsRoundedDownAtLeastOne(int kbps, int fps, int expected)
    {
        Assert.Equal(expected, new VideoProfile("p", 640, 360, fps, kbps).BufferKbits);
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
