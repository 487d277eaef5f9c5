using RelayWorker.Configuration;
using RelayWorker.FFmpeg;
using RelayWorker.Media;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.FFmpeg;

/// <summary>How each output of a route with renditions is laid out (the filter graph is covered by RenditionArgumentsTests).</summary>
public sealed class RenditionOutputsTests
{
    private static readonly Dictionary<string, ProfileOptions> NoCustomProfiles = [];

    [Fact]
    public void Build_CopyPlusOneRendition_EveryOutputIsATeeEvenWithOneDestination()
    {
        var route = TestRoutes.Create(destinations: ["srt://sink:8890"]) with
        {
            Renditions = [new Rendition("low", Rung("144p4"), ["rtmp://low.example/live/k1"])],
        };

        var args = FfmpegArguments.Build(route);

        Assert.Single(args, a => a == "-i");
        var tees = Indices(args, "tee");
        Assert.Equal(2, tees.Count);
        // Main output: a remux of the source, then its own tee.
        Assert.InRange(ArgumentList.IndexOf(args, "copy"), 0, tees[0]);
        Assert.Equal("[f=mpegts:onfail=ignore:omit_video_pes_length=0:flush_packets=1]srt://sink:8890?pkt_size=1316", args[tees[0] + 5]);
        // Rendition: the scaled video and the source's audio, encoded by the rung's rules, then its own tee.
        ArgumentList.HasPair(args, "-map", "[v0]", from: tees[0], to: tees[1]);
        ArgumentList.HasPair(args, "-map", "0:a:0?", from: tees[0], to: tees[1]);
        ArgumentList.HasPair(args, "-b:v", "20k", from: tees[0], to: tees[1]);
        ArgumentList.HasPair(args, "-b:a", "16k", from: tees[0], to: tees[1]);
        Assert.Equal("[f=flv:onfail=ignore:flvflags=no_duration_filesize]rtmp://low.example/live/k1", args[^1]);
    }

    [Fact]
    public void Build_RenditionsOfATestPattern_EncodeBothAndTakeTheToneAsAudio()
    {
        var route = TestRoutes.Create("testsrc://demo", destinations: ["srt://sink:8890"]) with
        {
            Renditions = [new Rendition("low", Rung("144p1"), ["srt://sink:8891"])],
        };

        var args = FfmpegArguments.Build(route);

        // A synthetic source cannot be copied: the main output is encoded as 720p25 next to the rendition.
        Assert.StartsWith("[0:v]split=2", ArgumentList.ValueOf(args, "-filter_complex"), StringComparison.Ordinal);
        Assert.Equal(2, Indices(args, "1:a").Count);
        Assert.DoesNotContain("0:a:0?", args);
        Assert.DoesNotContain("copy", args);
    }

    private static List<int> Indices(IReadOnlyList<string> args, string element) =>
        [.. Enumerable.Range(0, args.Count).Where(i => args[i] == element)];

    private static VideoProfile Rung(string name) => ConfiguredRoutes.ResolveProfile(name, NoCustomProfiles);
}
