namespace RelayWorker.IntegrationTests.Faults;

/// <summary>
/// Configurations an operator really gets wrong, each with the message fragment the worker must print for it (the key
/// in environment-variable form, then why) and how many problems the message must list: one, unless the mistake
/// is also a second one (a Destinations value instead of a list leaves the route with no destination, too).
/// Each case changes a valid base configuration: route cam1 from RTMP to SRT.
/// </summary>
internal static class BadConfigurationCorpus
{
    public const string Route = "cam1";

    private const string R = "Relay__Routes__cam1__";

    /// <summary>A secret a case sets, which the validation message must not repeat.</summary>
    private const string ShortPassphrase = "pw-7Qx";

    public static readonly IReadOnlyDictionary<string, string> Base = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [R + "Source"] = "rtmp://127.0.0.1:1935/live/cam1",
        [R + "Destinations__0"] = "srt://127.0.0.1:8890?pkt_size=1316",
    };

    public static readonly IReadOnlyList<BadConfiguration> Cases =
    [
        // Endpoints
        new("MissingSource", Set(R + "Source", null), R + "Source: missing; set it to the URL"),
        new("EmptySource", Set(R + "Source", ""), R + "Source: missing"),
        new("NoDestination", Set(R + "Destinations__0", null), R + "Destinations: no destination; set Destinations__0"),
        new("UnsupportedSourceScheme", Set(R + "Source", "ftp://127.0.0.1/feed"), R + "Source: scheme 'ftp' cannot be read"),
        new("HlsAsSource", Set(R + "Source", "hls:///tmp/relay-hls"), R + "Source: scheme 'hls' cannot be read"),
        new("UnsupportedDestinationScheme", Set(R + "Destinations__0", "http://127.0.0.1:8080/ingest"), R + "Destinations__0: scheme 'http' cannot be written"),
        new("SourceNotAUrl", Set(R + "Source", "cam1-stream"), R + "Source: not an absolute URL"),
        new("DestinationWithoutSlashes", Set(R + "Destinations__0", "mediamtx:8890"), R + "Destinations__0: not an absolute URL"),
        new("WhitespaceInSource", Set(R + "Source", "rtmp://127.0.0.1:1935/live/cam 1"), R + "Source: contains whitespace; URLs must be percent-encoded"),
        new("TrailingNewlineInDestination", Set(R + "Destinations__0", "srt://127.0.0.1:8890?pkt_size=1316\n"), R + "Destinations__0: contains whitespace"),
        new("DestinationWithoutHost", Set(R + "Destinations__0", "rtmp:///live/cam1"), R + "Destinations__0: no host"),
        new("SrtPassphraseTooShort", Set(R + "Destinations__0", $"srt://127.0.0.1:8890?passphrase={ShortPassphrase}"),
            R + "Destinations__0: SRT passphrase must be 10 to 79 characters long (it has 6)", Secret: ShortPassphrase),
        new("SrtPassphraseTooLong", Set(R + "Destinations__0", "srt://127.0.0.1:8890?passphrase=" + new string('p', 80)),
            R + "Destinations__0: SRT passphrase must be 10 to 79 characters long (it has 80)", Secret: new string('p', 80)),
        new("SrtWithoutPort", Set(R + "Destinations__0", "srt://127.0.0.1?pkt_size=1316"), R + "Destinations__0: SRT needs an explicit port"),
        new("ListenWithRtsp", Set(R + "Source", "rtsp://127.0.0.1:8554/cam1", R + "Listen", "true"), R + "Source: Listen=true needs a"),
        new("HlsRelativeDirectory", Set(R + "Destinations__0", "hls://relative/hls"), R + "Destinations__0: an HLS directory is local"),
        // Kept under /tmp: should the worker accept it, it creates the directory the path resolves to.
        new("HlsParentDirectory", Set(R + "Destinations__0", "hls:///tmp/relayworker-corpus/../relayworker-corpus-escaped"),
            R + "Destinations__0: an HLS directory must be an absolute path without '..'"),

        // Route names and keys
        new("RouteNameWithSpace", Rename("cam 1"), "Relay__Routes__cam 1: route name must be 1-63 letters"),
        new("RouteNameStartingWithDash", Rename("-cam1"), "Relay__Routes__-cam1: route name must be"),
        new("RouteNameTooLong", Rename(new string('c', 64)), $"Relay__Routes__{new string('c', 64)}: route name must be"),
        new("UnknownRouteKey", Set(R + "Destination__0", "srt://127.0.0.1:8891?pkt_size=1316"), R + "Destination: unknown setting; expected one of Source, Destinations"),
        new("DestinationsWithoutIndex", Set(R + "Destinations__0", null, R + "Destinations", "srt://127.0.0.1:8890?pkt_size=1316"),
            R + "Destinations: a list: set each destination by index", Problems: 2),
        new("DestinationIndexNotANumber", Set(R + "Destinations__first", "srt://127.0.0.1:8891?pkt_size=1316"), R + "Destinations__first: destinations are numbered"),
        new("UnparsableBool", Set(R + "Enabled", "yes"), R + "Enabled: 'yes' is not true or false"),
        new("UnknownProfile", Set(R + "Profile", "999p99"), R + "Profile: unknown profile '999p99'"),

        // Global settings
        new("UnknownTopLevelKey", Set("Relay__StallTimout", "00:00:05"), "Relay__StallTimout: unknown setting; expected one of FfmpegPath"),
        new("UnknownRestartKey", Set("Relay__Restart__Jitter", "0.5"), "Relay__Restart__Jitter: unknown setting; expected one of InitialDelay"),
        new("NegativeStallTimeout", Set("Relay__StallTimeout", "-00:00:05"), "Relay__StallTimeout: -00:00:05 is negative; the least accepted is 00:00:01"),
        new("NegativeInitialDelay", Set("Relay__Restart__InitialDelay", "-00:00:01"), "Relay__Restart__InitialDelay: -00:00:01 is negative"),
        new("AbsurdMaxDelay", Set("Relay__Restart__MaxDelay", "30.00:00:00"), "Relay__Restart__MaxDelay: 30.00:00:00 is absurdly long; the most accepted is 1.00:00:00"),
        new("UnparsableStopTimeout", Set("Relay__StopTimeout", "5s"), "Relay__StopTimeout: '5s' is not a duration; use hh:mm:ss[.fff]"),
        new("MaxDelayBelowInitialDelay", Set("Relay__Restart__InitialDelay", "00:00:10", "Relay__Restart__MaxDelay", "00:00:05"),
            "Relay__Restart__MaxDelay: 00:00:05 is shorter than Restart__InitialDelay 00:00:10"),
        new("StallTimeoutTooShort", Set("Relay__StallTimeout", "00:00:00.5"), "Relay__StallTimeout: 00:00:00.5000000 is too short; the least accepted is 00:00:01"),
        new("StableAfterTooShort", Set("Relay__Restart__StableAfter", "00:00:00.2"), "Relay__Restart__StableAfter: 00:00:00.2000000 is too short"),
        new("StopTimeoutZero", Set("Relay__StopTimeout", "00:00:00"), "Relay__StopTimeout: 00:00:00 is too short; the least accepted is 00:00:00.1000000"),
        new("LogFormatXml", Set("Relay__LogFormat", "xml"), "Relay__LogFormat: 'xml' is not text or json"),
        new("ShardCountZero", Set("Relay__Shard__Count", "0"), "Relay__Shard__Count: 0 replicas; must be at least 1"),
        new("ShardIndexOutOfRange", Set("Relay__Shard__Index", "3", "Relay__Shard__Count", "2"), "Relay__Shard__Index: 3 is outside 0..1 (Shard__Count is 2)"),
        new("ShardIndexNotANumber", Set("Relay__Shard__Index", "one"), "Relay__Shard__Index: 'one' is not a whole number"),
        new("FfmpegPathEmpty", Set("Relay__FfmpegPath", ""), "Relay__FfmpegPath: empty; leave it unset"),
        new("FfmpegPathMissing", Set("Relay__FfmpegPath", "/nonexistent/bin/ffmpeg"), "Relay__FfmpegPath: '/nonexistent/bin/ffmpeg' does not exist"),
        new("FfmpegPathNotFfmpeg", Set("Relay__FfmpegPath", "/bin/true"), "Relay__FfmpegPath: '/bin/true' is not ffmpeg"),

        // Custom profiles (tiny is otherwise valid: 320x240, 25 fps, 300 kbit/s)
        new("ProfileOddWidth", Profile("Width", "321"), "Relay__Profiles__tiny__Width: 321 is odd"),
        new("ProfileCodecVp9", Profile("Codec", "vp9"), "Relay__Profiles__tiny__Codec: 'vp9' is not h264 or h265"),
        new("ProfileMissingFps", Profile("Fps", null), "Relay__Profiles__tiny__Fps: missing; set 1..120"),
        new("ProfileWidthNotANumber", Profile("Width", "wide"), "Relay__Profiles__tiny__Width: 'wide' is not a whole number", Problems: 2),
        new("ProfileUnknownKey", Profile("Bitrate", "300"), "Relay__Profiles__tiny__Bitrate: unknown setting"),
        new("ProfileShadowsBuiltIn", ShadowingProfile(), "Relay__Profiles__576p25: this name is a built-in profile; choose another name"),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases)
        {
            data.Add(c.Name);
        }
        return data;
    }

    public static BadConfiguration Find(string name) => Cases.Single(c => c.Name == name);

    /// <summary>Pairs of key and value; a null value removes the key from the base.</summary>
    private static IReadOnlyList<(string Key, string? Value)> Set(params string?[] pairs) =>
        [.. pairs.Chunk(2).Select(pair => (pair[0]!, pair[1]))];

    private static IReadOnlyList<(string Key, string? Value)> Rename(string name) =>
    [
        (R + "Source", null),
        (R + "Destinations__0", null),
        ($"Relay__Routes__{name}__Source", "rtmp://127.0.0.1:1935/live/cam1"),
        ($"Relay__Routes__{name}__Destinations__0", "srt://127.0.0.1:8890?pkt_size=1316"),
    ];

    private static IReadOnlyList<(string Key, string? Value)> Profile(string setting, string? value)
    {
        var settings = new Dictionary<string, string?> { ["Width"] = "320", ["Height"] = "240", ["Fps"] = "25", ["VideoKbps"] = "300" };
        settings[setting] = value;
        return [.. settings.Select(s => ($"Relay__Profiles__tiny__{s.Key}", s.Value)), (R + "Profile", "tiny")];
    }

    private static IReadOnlyList<(string Key, string? Value)> ShadowingProfile() =>
    [
        ("Relay__Profiles__576p25__Width", "1024"),
        ("Relay__Profiles__576p25__Height", "576"),
        ("Relay__Profiles__576p25__Fps", "25"),
        ("Relay__Profiles__576p25__VideoKbps", "900"),
    ];
}

/// <summary>One bad configuration: what it changes, the fragment the message must contain, how many problems it lists.</summary>
internal sealed record BadConfiguration(
    string Name,
    IReadOnlyList<(string Key, string? Value)> Changes,
    string Expected,
    int Problems = 1,
    string? Secret = null)
{
    public IReadOnlyDictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>(BadConfigurationCorpus.Base, StringComparer.Ordinal);
        foreach (var (key, value) in Changes)
        {
            if (value is null)
            {
                environment.Remove(key);
            }
            else
            {
                environment[key] = value;
            }
        }
        return environment;
    }
}
