using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Configuration;

public sealed class ContinuityConfigurationTests : IDisposable
{
    private static readonly string[] ValidBase =
    [
        "Relay__Routes__cam1__Source=rtmp://origin:1935/live/cam1",
        "Relay__Routes__cam1__Destinations__0=srt://sink:8890?streamid=publish:cam1",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("relayworker-slate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Read_BackupsSlateAndFailover_AreTakenInIndexOrderWithTheirDefaults()
    {
        var options = EnvConfiguration.Options(EnvConfiguration.From(
        [
            .. ValidBase,
            "Relay__Routes__cam1__Backups__1=srt://backup2:8890?streamid=read:cam1",
            "Relay__Routes__cam1__Backups__0=rtmp://backup1:1935/live/cam1",
            "Relay__Routes__cam1__Slate=builtin",
            "Relay__Routes__plain__Source=rtmp://origin:1935/live/plain",
            "Relay__Routes__plain__Destinations__0=udp://127.0.0.1:5000",
            "Relay__Failover__FailbackAfter=00:00:10",
        ]));

        var route = options.Routes["cam1"];
        Assert.Equal(["rtmp://backup1:1935/live/cam1", "srt://backup2:8890?streamid=read:cam1"], route.Backups);
        Assert.Equal("builtin", route.Slate);
        Assert.True(route.IsContinuous);
        Assert.False(options.Routes["plain"].IsContinuous);
        Assert.Equal("none", options.Routes["plain"].Slate);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Failover.LossAfter);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Failover.FailbackAfter);
        Assert.Empty(EnvConfiguration.Problems(EnvConfiguration.From(
            [.. ValidBase, "Relay__Routes__cam1__Backups__0=rtmp://backup1:1935/live/cam1", "Relay__Routes__cam1__Slate=builtin"])).All);
    }

    [Theory]
    [InlineData("Relay__Routes__cam1__Backups__0=ftp://backup/cam1", "Relay__Routes__cam1__Backups__0:")]
    [InlineData("Relay__Routes__cam1__Backups__0=rtmp://origin:1935/live/cam1", "Relay__Routes__cam1__Backups__0: the same URL as the source")]
    [InlineData("Relay__Routes__cam1__Slate=maybe", "Relay__Routes__cam1__Slate: 'maybe' is not none, builtin or an absolute path")]
    [InlineData("Relay__Routes__cam1__Slate=slate.png", "Relay__Routes__cam1__Slate: 'slate.png' is not none, builtin or an absolute path")]
    [InlineData("Relay__Routes__cam1__Slate=/nonexistent/slate.png", "Relay__Routes__cam1__Slate: '/nonexistent/slate.png' does not exist")]
    [InlineData("Relay__Failover__LossAfter=00:00:00.05", "Relay__Failover__LossAfter: 00:00:00.0500000 is too short")]
    [InlineData("Relay__Failover__FailbackAfter=00:00:00", "Relay__Failover__FailbackAfter: 00:00:00 is too short")]
    [InlineData("Relay__Failover__LossAfter=1", "Relay__Failover__LossAfter: '1' is not a duration")]
    public void Problems_NameTheKeyAndWhy(string assignment, string expected)
    {
        var message = EnvConfiguration.Problems(EnvConfiguration.From([.. ValidBase, assignment])).ToMessage();

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_RepeatedBackup_IsReported()
    {
        var message = EnvConfiguration.Problems(EnvConfiguration.From(
        [
            .. ValidBase,
            "Relay__Routes__cam1__Backups__0=rtmp://backup:1935/live/cam1",
            "Relay__Routes__cam1__Backups__1=rtmp://backup:1935/live/cam1",
        ])).ToMessage();

        Assert.Contains("Relay__Routes__cam1__Backups__1: the same URL as the source or an earlier backup", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Backups__0", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("mjpeg")]
    public async Task Problems_ImageFfmpegWrote_IsAccepted(string codec)
    {
        var path = Path.Combine(_directory, codec == "png" ? "slate.png" : "slate.jpg");
        await RunFfmpegAsync("-f", "lavfi", "-i", "color=c=navy:size=320x180", "-frames:v", "1", "-c:v", codec, "-pix_fmt",
            codec == "png" ? "rgb24" : "yuvj420p", path);

        Assert.Empty(EnvConfiguration.Problems(EnvConfiguration.From([.. ValidBase, $"Relay__Routes__cam1__Slate={path}"])).All);
    }

    [Fact]
    public async Task Problems_TruncatedPngOrRenamedText_IsRefusedAsNotAnImage()
    {
        var png = Path.Combine(_directory, "full.png");
        await RunFfmpegAsync("-f", "lavfi", "-i", "color=c=navy:size=320x180", "-frames:v", "1", "-c:v", "png", png);
        var truncated = Path.Combine(_directory, "truncated.png");
        await File.WriteAllBytesAsync(truncated, (await File.ReadAllBytesAsync(png))[..40]);
        var text = Path.Combine(_directory, "text.jpg");
        await File.WriteAllTextAsync(text, "not an image");

        foreach (var path in new[] { truncated, text })
        {
            var message = EnvConfiguration.Problems(EnvConfiguration.From([.. ValidBase, $"Relay__Routes__cam1__Slate={path}"])).ToMessage();
            Assert.Contains($"Relay__Routes__cam1__Slate: '{path}' is not a PNG or JPEG image", message, StringComparison.Ordinal);
        }
    }

    private static async Task RunFfmpegAsync(params string[] arguments)
    {
        var output = await Continuity.TsFixtures.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments]);
        Assert.True(output.Length == 0, output);
    }
}
