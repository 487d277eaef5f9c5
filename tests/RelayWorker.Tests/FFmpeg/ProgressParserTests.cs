using RelayWorker.FFmpeg;

namespace RelayWorker.Tests.FFmpeg;

public sealed class ProgressParserTests
{
    // A block exactly as ffmpeg 5.1 prints it with -progress pipe:1 (note the padded bitrate and speed).
    private static readonly string[] FullBlock =
    [
        "frame=123", "fps=24.97", "stream_0_0_q=-1.0", "bitrate=  83.8kbits/s", "total_size=52480",
        "out_time_us=4920000", "out_time_ms=4920000", "out_time=00:00:04.920000", "dup_frames=1", "drop_frames=2",
        "speed=0.992x", "progress=continue",
    ];

    [Fact]
    public void Feed_FullBlock_ReturnsEveryValueOnTheClosingLine()
    {
        var parser = new ProgressParser();

        var results = FullBlock.Select(parser.Feed).ToList();

        Assert.All(results.Take(results.Count - 1), Assert.Null);
        Assert.Equal(new ProgressSnapshot(123, 24.97, 83.8, 52480, 4920000, 1, 2, 0.992, Ended: false), results[^1]);
    }

    [Theory]
    [InlineData("bitrate=1083.8kbits/s", 1083.8)]
    [InlineData("bitrate=  83.8kbits/s", 83.8)]
    [InlineData("bitrate=N/A", null)]
    [InlineData("bitrate=garbage", null)]
    public void Feed_Bitrate_ParsesKbitsPerSecond(string line, double? expected)
    {
        Assert.Equal(expected, Parse(line, "progress=continue").BitrateKbps);
    }

    [Theory]
    [InlineData("speed=0.992x", 0.992)]
    [InlineData("speed=   1x", 1.0)]
    [InlineData("speed=1.01e+03x", 1010.0)]
    [InlineData("speed=N/A", null)]
    [InlineData("speed=inf", null)]
    public void Feed_Speed_ParsesTheFactor(string line, double? expected)
    {
        Assert.Equal(expected, Parse(line, "progress=continue").Speed);
    }

    [Fact]
    public void Feed_NotAvailableValues_AreNull()
    {
        var snapshot = Parse("frame=N/A", "fps=N/A", "bitrate=N/A", "total_size=N/A", "out_time_us=N/A", "out_time_ms=N/A",
            "dup_frames=N/A", "drop_frames=N/A", "speed=N/A", "progress=continue");

        Assert.Equal(new ProgressSnapshot(null, null, null, null, null, null, null, null, Ended: false), snapshot);
    }

    [Fact]
    public void Feed_StreamCopyBlockWithoutFrameAndFps_ParsesTheRest()
    {
        // ffmpeg 6.1 with -c copy omits frame= and fps= entirely.
        var snapshot = Parse("bitrate=2500.1kbits/s", "total_size=1048576", "out_time_us=3000000", "out_time_ms=3000000",
            "out_time=00:00:03.000000", "dup_frames=0", "drop_frames=0", "speed=1.0x", "progress=continue");

        Assert.Null(snapshot.Frame);
        Assert.Null(snapshot.Fps);
        Assert.Equal(1048576, snapshot.TotalSizeBytes);
        Assert.Equal(3000000, snapshot.OutTimeMicroseconds);
        Assert.Equal(2500.1, snapshot.BitrateKbps);
    }

    [Theory]
    [InlineData(new[] { "out_time_ms=7000000", "progress=continue" }, 7000000L)]
    [InlineData(new[] { "out_time_us=N/A", "out_time_ms=7000000", "progress=continue" }, 7000000L)]
    [InlineData(new[] { "out_time_us=6000000", "out_time_ms=7000000", "progress=continue" }, 6000000L)]
    [InlineData(new[] { "out_time=00:00:07.000000", "progress=continue" }, null)]
    public void Feed_OutTime_PrefersMicrosecondsAndFallsBackToOutTimeMs(string[] lines, long? expected)
    {
        Assert.Equal(expected, Parse(lines).OutTimeMicroseconds);
    }

    [Fact]
    public void Feed_PartialBlockThenNextBlock_NextBlockValuesWin()
    {
        var parser = new ProgressParser();

        // A block cut short (no progress= line) yields nothing…
        Assert.Null(parser.Feed("frame=10"));
        Assert.Null(parser.Feed("out_time_us=400000"));
        // …and the next complete block reports its own values.
        var snapshot = FeedAll(parser, "frame=20", "out_time_us=800000", "progress=continue");

        Assert.Equal(20, snapshot.Frame);
        Assert.Equal(800000, snapshot.OutTimeMicroseconds);
    }

    [Fact]
    public void Feed_KeyMissingInTheNextBlock_DoesNotCarryOverFromThePreviousBlock()
    {
        var parser = new ProgressParser();
        FeedAll(parser, "frame=10", "fps=25.0", "out_time_us=400000", "progress=continue");

        var second = FeedAll(parser, "out_time_us=800000", "progress=continue");

        Assert.Null(second.Frame);
        Assert.Null(second.Fps);
        Assert.Equal(800000, second.OutTimeMicroseconds);
    }

    [Theory]
    [InlineData("progress=end", true)]
    [InlineData("progress=continue", false)]
    public void Feed_ProgressLine_ClosesTheBlockAndTellsWhetherItEnded(string line, bool ended)
    {
        Assert.Equal(ended, Parse("out_time_us=1", line).Ended);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("=value")]
    [InlineData("Press [q] to stop, [?] for help")]
    [InlineData("[error] Connection refused")]
    public void Feed_GarbageLine_IsIgnoredAndLeavesTheBlockIntact(string garbage)
    {
        var parser = new ProgressParser();

        Assert.Null(parser.Feed("out_time_us=500000"));
        Assert.Null(parser.Feed(garbage));
        var snapshot = FeedAll(parser, "total_size=100", "progress=continue");

        Assert.Equal(500000, snapshot.OutTimeMicroseconds);
        Assert.Equal(100, snapshot.TotalSizeBytes);
    }

    private static ProgressSnapshot Parse(params string[] lines) => FeedAll(new ProgressParser(), lines);

    private static ProgressSnapshot FeedAll(ProgressParser parser, params string[] lines)
    {
        ProgressSnapshot? last = null;
        foreach (var line in lines)
        {
            last = parser.Feed(line);
        }
        Assert.NotNull(last);
        return last;
    }
}
