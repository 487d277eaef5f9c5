using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Configuration;

/// <summary>
/// The corpus of bad configurations (issue 5): each row is written as the environment variables an operator
/// would set, on top of one valid route, with the fragments its message must contain. Every fragment names
/// the key in environment-variable form and says why; the count proves nothing else is reported.
/// </summary>
public sealed class InvalidConfigurationCorpusTests
{
    private static readonly string[] ValidBase =
    [
        "Relay__Routes__cam1__Source=rtmp://mediamtx:1935/cam1",
        "Relay__Routes__cam1__Destinations__0=srt://mediamtx:8890?streamid=publish:cam1-srt",
    ];

    private static readonly string LongName = new('a', 70);

    /// <summary>case, variables added to the valid base, expected number of problems, expected fragments.</summary>
    public static TheoryData<string, string[], int, string[]> Corpus => new()
    {
        // Routes: source and destinations
        { "missing source", ["Relay__Routes__cam2__Destinations__0=srt://sink:8890"], 1, ["Relay__Routes__cam2__Source: missing"] },
        { "no destination", ["Relay__Routes__cam2__Source=rtmp://src:1935/live/cam2"], 1, ["Relay__Routes__cam2__Destinations: no destination"] },
        { "ftp source", ["Relay__Routes__cam1__Source=ftp://files.example/cam1.flv"], 1, ["Relay__Routes__cam1__Source: scheme 'ftp' cannot be read"] },
        { "http destination", ["Relay__Routes__cam1__Destinations__0=http://sink.example/ingest"], 1, ["Relay__Routes__cam1__Destinations__0: scheme 'http' cannot be written"] },
        { "testsrc destination", ["Relay__Routes__cam1__Destinations__0=testsrc://demo"], 1, ["Relay__Routes__cam1__Destinations__0: scheme 'testsrc' cannot be written"] },
        { "not a URL", ["Relay__Routes__cam1__Source=mediamtx-cam1"], 1, ["Relay__Routes__cam1__Source: not an absolute URL"] },
        { "path without scheme", ["Relay__Routes__cam1__Source=/live/cam1"], 1, ["Relay__Routes__cam1__Source: not an absolute URL"] },
        { "whitespace in URL", ["Relay__Routes__cam1__Destinations__0=rtmp://sink/live/my stream"], 1, ["Relay__Routes__cam1__Destinations__0: contains whitespace"] },
        { "no host", ["Relay__Routes__cam1__Destinations__0=rtmp:///live/key"], 1, ["Relay__Routes__cam1__Destinations__0: no host"] },
        { "SRT passphrase too short", ["Relay__Routes__cam1__Destinations__0=srt://sink:8890?passphrase=abc12"], 1, ["Relay__Routes__cam1__Destinations__0: SRT passphrase must be 10 to 79 characters long (it has 5)"] },
        { "SRT passphrase too long", ["Relay__Routes__cam1__Destinations__0=srt://sink:8890?passphrase=" + new string('x', 80)], 1, ["Relay__Routes__cam1__Destinations__0: SRT passphrase must be 10 to 79 characters long (it has 80)"] },
        { "SRT without port", ["Relay__Routes__cam1__Destinations__0=srt://sink?streamid=publish:cam1"], 1, ["Relay__Routes__cam1__Destinations__0: SRT needs an explicit port"] },
        { "Listen with rtsp", ["Relay__Routes__cam1__Source=rtsp://cam.local:554/s", "Relay__Routes__cam1__Listen=true"], 1, ["Relay__Routes__cam1__Source: Listen=true needs a rtmp, srt source, not rtsp"] },
        { "Listen with udp", ["Relay__Routes__cam1__Source=udp://0.0.0.0:1234", "Relay__Routes__cam1__Listen=true"], 1, ["Relay__Routes__cam1__Source: Listen=true needs a rtmp, srt source, not udp"] },
        // Routes: keys and names
        { "route name with a space", ["Relay__Routes__cam 1__Source=rtmp://src:1935/live/x", "Relay__Routes__cam 1__Destinations__0=srt://sink:8890"], 1, ["Relay__Routes__cam 1: route name must be 1-63 letters"] },
        { "route name starting with a dash", ["Relay__Routes__-x__Source=rtmp://src:1935/live/x", "Relay__Routes__-x__Destinations__0=srt://sink:8890"], 1, ["Relay__Routes__-x: route name must be"] },
        { "route name of 70 characters", [$"Relay__Routes__{LongName}__Source=rtmp://src:1935/live/x", $"Relay__Routes__{LongName}__Destinations__0=srt://sink:8890"], 1, [$"Relay__Routes__{LongName}: route name must be"] },
        { "unknown route key", ["Relay__Routes__cam2__Source=rtmp://src:1935/live/cam2", "Relay__Routes__cam2__Destination__0=srt://sink:8890"], 2, ["Relay__Routes__cam2__Destination: unknown setting; expected one of Source, Destinations", "Relay__Routes__cam2__Destinations: no destination"] },
        { "destinations without index", ["Relay__Routes__cam2__Source=rtmp://src:1935/live/cam2", "Relay__Routes__cam2__Destinations=srt://sink:8890"], 2, ["Relay__Routes__cam2__Destinations: a list: set each destination by index", "Relay__Routes__cam2__Destinations: no destination"] },
        { "non-numeric destination index", ["Relay__Routes__cam2__Source=rtmp://src:1935/live/cam2", "Relay__Routes__cam2__Destinations__first=srt://sink:8890"], 2, ["Relay__Routes__cam2__Destinations__first: destinations are numbered", "Relay__Routes__cam2__Destinations: no destination"] },
        { "unparsable Enabled", ["Relay__Routes__cam1__Enabled=yes"], 1, ["Relay__Routes__cam1__Enabled: 'yes' is not true or false"] },
        { "unparsable Listen", ["Relay__Routes__cam1__Listen=1"], 1, ["Relay__Routes__cam1__Listen: '1' is not true or false"] },
        { "unknown profile", ["Relay__Routes__cam1__Profile=4k"], 1, ["Relay__Routes__cam1__Profile: unknown profile '4k'"] },
        // Global settings
        { "negative duration", ["Relay__Restart__InitialDelay=-00:00:01"], 1, ["Relay__Restart__InitialDelay: -00:00:01 is negative"] },
        { "absurd duration", ["Relay__StallTimeout=2.00:00:00"], 1, ["Relay__StallTimeout: 2.00:00:00 is absurdly long"] },
        { "unparsable duration", ["Relay__StopTimeout=5s"], 1, ["Relay__StopTimeout: '5s' is not a duration; use hh:mm:ss"] },
        { "MaxDelay below InitialDelay", ["Relay__Restart__InitialDelay=00:00:10", "Relay__Restart__MaxDelay=00:00:05"], 1, ["Relay__Restart__MaxDelay: 00:00:05 is shorter than Restart__InitialDelay 00:00:10"] },
        { "StallTimeout too short", ["Relay__StallTimeout=00:00:00.500"], 1, ["Relay__StallTimeout: 00:00:00.5000000 is too short"] },
        { "StopTimeout zero", ["Relay__StopTimeout=00:00:00"], 1, ["Relay__StopTimeout: 00:00:00 is too short"] },
        { "StartTimeout too short", ["Relay__StartTimeout=00:00:00.500"], 1, ["Relay__StartTimeout: 00:00:00.5000000 is too short"] },
        { "MaxStartingRoutes zero", ["Relay__MaxStartingRoutes=0"], 1, ["Relay__MaxStartingRoutes: 0 routes; must be 1 to 10000 (the default on this machine is"] },
        { "MaxStartingRoutes absurd", ["Relay__MaxStartingRoutes=20000"], 1, ["Relay__MaxStartingRoutes: 20000 routes; must be 1 to 10000"] },
        { "MaxStartingRoutes not a number", ["Relay__MaxStartingRoutes=lots"], 1, ["Relay__MaxStartingRoutes: 'lots' is not a whole number"] },
        { "ChildNiceness negative", ["Relay__ChildNiceness=-5"], 1, ["Relay__ChildNiceness: -5 is outside 0..19"] },
        { "ChildNiceness above 19", ["Relay__ChildNiceness=20"], 1, ["Relay__ChildNiceness: 20 is outside 0..19"] },
        { "StableAfter too short", ["Relay__Restart__StableAfter=00:00:00.200"], 1, ["Relay__Restart__StableAfter: 00:00:00.2000000 is too short"] },
        { "unknown top-level key", ["Relay__StallTimout=00:00:20"], 1, ["Relay__StallTimout: unknown setting; expected one of FfmpegPath"] },
        { "unknown restart key", ["Relay__Restart__MaxDelays=00:01:00"], 1, ["Relay__Restart__MaxDelays: unknown setting; expected one of InitialDelay, MaxDelay, StableAfter"] },
        { "LogFormat xml", ["Relay__LogFormat=xml"], 1, ["Relay__LogFormat: 'xml' is not text or json"] },
        { "FfmpegPath empty", ["Relay__FfmpegPath="], 1, ["Relay__FfmpegPath: empty"] },
        { "Shard Count zero", ["Relay__Shard__Count=0"], 1, ["Relay__Shard__Count: 0 replicas; must be at least 1"] },
        { "Shard Index out of range", ["Relay__Shard__Count=2", "Relay__Shard__Index=2"], 1, ["Relay__Shard__Index: 2 is outside 0..1 (Shard__Count is 2)"] },
        { "Shard Index negative", ["Relay__Shard__Index=-1"], 1, ["Relay__Shard__Index: -1 is outside 0..0"] },
        { "Shard Count not a number", ["Relay__Shard__Count=two"], 1, ["Relay__Shard__Count: 'two' is not a whole number"] },
        // Custom profiles
        {
            "custom profile with odd width",
            ["Relay__Profiles__tiny__Width=641", "Relay__Profiles__tiny__Height=360", "Relay__Profiles__tiny__Fps=10", "Relay__Profiles__tiny__VideoKbps=300"],
            1, ["Relay__Profiles__tiny__Width: 641 is odd"]
        },
        {
            "custom profile with codec vp9",
            ["Relay__Profiles__web__Width=1280", "Relay__Profiles__web__Height=720", "Relay__Profiles__web__Fps=25", "Relay__Profiles__web__VideoKbps=1500", "Relay__Profiles__web__Codec=vp9"],
            1, ["Relay__Profiles__web__Codec: 'vp9' is not h264 or h265"]
        },
        {
            "custom profile shadowing a built-in",
            ["Relay__Profiles__576p25__Width=1024", "Relay__Profiles__576p25__Height=576", "Relay__Profiles__576p25__Fps=25", "Relay__Profiles__576p25__VideoKbps=750"],
            1, ["Relay__Profiles__576p25: this name is a built-in profile"]
        },
        {
            "custom profile missing fields", ["Relay__Profiles__half__Width=960"],
            3, ["Relay__Profiles__half__Height: missing; set 16..4320", "Relay__Profiles__half__Fps: missing; set 1..120", "Relay__Profiles__half__VideoKbps: missing; set 1..100000"]
        },
        {
            "custom profile with unknown key",
            ["Relay__Profiles__web__Width=1280", "Relay__Profiles__web__Height=720", "Relay__Profiles__web__Fps=25", "Relay__Profiles__web__VideoKbps=1500", "Relay__Profiles__web__Bitrate=1500"],
            1, ["Relay__Profiles__web__Bitrate: unknown setting"]
        },
        {
            "custom profile with absurd audio",
            ["Relay__Profiles__web__Width=1280", "Relay__Profiles__web__Height=720", "Relay__Profiles__web__Fps=25", "Relay__Profiles__web__VideoKbps=1500", "Relay__Profiles__web__AudioKbps=4"],
            1, ["Relay__Profiles__web__AudioKbps: 4 is outside 8..512"]
        },
    };

    [Fact]
    public void Corpus_HasAtLeastThirtyBadConfigurations()
    {
        Assert.True(Corpus.Count >= 30, $"the corpus has {Corpus.Count} rows");
    }

    [Fact]
    public void Problems_ValidBase_HasNoProblem()
    {
        var problems = EnvConfiguration.Problems(EnvConfiguration.From(ValidBase));

        Assert.False(problems.Any, problems.ToMessage());
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Problems_BadConfiguration_NamesKeyAndReason(string badCase, string[] variables, int expectedCount, string[] expectedFragments)
    {
        var problems = EnvConfiguration.Problems(EnvConfiguration.From([.. ValidBase, .. variables]));

        var message = problems.ToMessage();
        Assert.True(problems.All.Count == expectedCount, $"{badCase}: expected {expectedCount} problem(s), got: {message}");
        foreach (var fragment in expectedFragments)
        {
            Assert.Contains(fragment, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Problems_SeveralMistakes_AreAllReportedInOneMessage()
    {
        var problems = EnvConfiguration.Problems(EnvConfiguration.From(
            "Relay__Routes__cam1__Source=ftp://files.example/cam1.flv",
            "Relay__Routes__cam1__Destinations__0=srt://sink:8890",
            "Relay__Routes__cam1__Profile=4k",
            "Relay__Routes__cam2__Source=rtmp://src:1935/live/cam2",
            "Relay__StopTimeout=5s",
            "Relay__StallTimout=00:00:20",
            "Relay__LogFormat=xml"));

        var lines = problems.ToMessage().Split(Environment.NewLine);

        Assert.Equal("Invalid configuration (6 problems):", lines[0]);
        string[] expected =
        [
            "Relay__Routes__cam1__Source: scheme 'ftp' cannot be read",
            "Relay__Routes__cam1__Profile: unknown profile '4k'",
            "Relay__Routes__cam2__Destinations: no destination",
            "Relay__StopTimeout: '5s' is not a duration",
            "Relay__StallTimout: unknown setting",
            "Relay__LogFormat: 'xml' is not text or json",
        ];
        Assert.Equal(expected.Length, lines.Length - 1);
        Assert.All(expected, problem => Assert.Single(lines, line => line.StartsWith("  - " + problem, StringComparison.Ordinal)));
    }

    [Fact]
    public void Problems_UrlsCarryingSecrets_NeverEchoTheSecret()
    {
        string[] secrets = ["Ftp-S3cret", "Tiny1", "Http-T0ken", "Sid-P4ss", "Space-Pw"];

        var problems = EnvConfiguration.Problems(EnvConfiguration.From(
            "Relay__Routes__cam1__Source=ftp://user:Ftp-S3cret@files.example/cam1.flv",
            "Relay__Routes__cam1__Destinations__0=srt://sink?passphrase=Tiny1",
            "Relay__Routes__cam1__Destinations__1=http://sink.example/ingest?token=Http-T0ken",
            "Relay__Routes__cam1__Destinations__2=srt://sink:8890?streamid=publish:cam1:user:Sid-P4ss&passphrase=Tiny1",
            "Relay__Routes__cam1__Destinations__3=rtmp://u:Space-Pw@sink/live/my key",
            "Relay__Routes__cam1__Destinations__4=udp://u:Space-Pw@/x"));

        var message = problems.ToMessage();
        Assert.True(problems.All.Count >= 6, message);
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, message, StringComparison.Ordinal));
    }
}
