using RelayWorker.Configuration;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Configuration;

/// <summary>
/// The worker's own key table: the "unknown setting" lists and value messages operators already know, word for word,
/// and the list of every key, which deployment tests use as their allow-list.
/// </summary>
public sealed class RelayConfigurationKeysTests
{
    /// <summary>A misspelt key at each level, and the message it has always produced.</summary>
    public static TheoryData<string, string> UnknownKeys => new()
    {
        { "Relay__StallTimout=00:00:20", "Relay__StallTimout: unknown setting; expected one of FfmpegPath, CapabilityCache, Routes, Profiles, Restart, StopTimeout, StallTimeout, StartTimeout, MaxStartingRoutes, ChildNiceness, LogFormat, Shard, Api, Thumbnails, Events, Failover" },
        { "Relay__Routes__cam1__Destination__0=srt://sink:8890", "Relay__Routes__cam1__Destination: unknown setting; expected one of Source, Destinations, Profile, Enabled, Listen, Renditions, Backups, Slate" },
        { "Relay__Routes__cam1__Renditions__low__Bitrate=100", "Relay__Routes__cam1__Renditions__low__Bitrate: unknown setting; expected one of Profile, Destinations" },
        { "Relay__Profiles__web__Bitrate=1500", "Relay__Profiles__web__Bitrate: unknown setting; expected one of Width, Height, Fps, VideoKbps, Codec, KeyframeSeconds, AudioKbps" },
        { "Relay__Restart__Jitter=0.5", "Relay__Restart__Jitter: unknown setting; expected one of InitialDelay, MaxDelay, StableAfter" },
        { "Relay__Shard__Replicas=2", "Relay__Shard__Replicas: unknown setting; expected one of Index, Count" },
        { "Relay__Events__Webhooks__0__Key=x", "Relay__Events__Webhooks__0__Key: unknown setting; expected one of Url, Secret" },
    };

    /// <summary>A value of each kind the worker cannot read, and the message it has always produced.</summary>
    public static TheoryData<string, string> BadValues => new()
    {
        { "Relay__Routes__cam1__Enabled=yes", "Relay__Routes__cam1__Enabled: 'yes' is not true or false" },
        { "Relay__Routes__cam1__Listen=1", "Relay__Routes__cam1__Listen: '1' is not true or false" },
        { "Relay__Shard__Count=two", "Relay__Shard__Count: 'two' is not a whole number" },
        { "Relay__Profiles__web__Fps=25.0", "Relay__Profiles__web__Fps: '25.0' is not a whole number" },
        { "Relay__StopTimeout=5s", "Relay__StopTimeout: '5s' is not a duration; use hh:mm:ss[.fff], e.g. 00:00:05" },
        { "Relay__Restart__MaxDelay=30", "Relay__Restart__MaxDelay: '30' is not a duration; use hh:mm:ss[.fff], e.g. 00:00:05" },
        { "Relay__Routes__cam1__Destinations=srt://sink:8890", "Relay__Routes__cam1__Destinations: a list: set each destination by index, Destinations__0, Destinations__1, …" },
        { "Relay__Routes__cam1__Destinations__first=srt://sink:8890", "Relay__Routes__cam1__Destinations__first: destinations are numbered: use Destinations__0, Destinations__1, …" },
        { "Relay__Routes__cam1__Renditions__low__Destinations__x=srt://sink:8890", "Relay__Routes__cam1__Renditions__low__Destinations__x: destinations are numbered: use Destinations__0, Destinations__1, …" },
    };

    [Theory]
    [MemberData(nameof(UnknownKeys))]
    [MemberData(nameof(BadValues))]
    public void Read_UnknownKeyOrUnreadableValue_ReportsTheSameMessageAsBefore(string assignment, string expected)
    {
        var problems = new ConfigurationProblems();

        RelayConfigurationReader.Read(EnvConfiguration.From(assignment), problems);

        Assert.Equal([expected], problems.All);
    }

    [Fact]
    public void KnownKeys_ListsEveryDocumentedKeyInEnvironmentSpelling()
    {
        string[] expected =
        [
            "Relay__FfmpegPath",
            "Relay__CapabilityCache",
            "Relay__Routes__<name>__Source",
            "Relay__Routes__<name>__Destinations__<i>",
            "Relay__Routes__<name>__Profile",
            "Relay__Routes__<name>__Enabled",
            "Relay__Routes__<name>__Listen",
            "Relay__Routes__<name>__Renditions__<name>__Profile",
            "Relay__Routes__<name>__Renditions__<name>__Destinations__<i>",
            "Relay__Routes__<name>__Backups__<i>",
            "Relay__Routes__<name>__Slate",
            "Relay__Profiles__<name>__Width",
            "Relay__Profiles__<name>__Height",
            "Relay__Profiles__<name>__Fps",
            "Relay__Profiles__<name>__VideoKbps",
            "Relay__Profiles__<name>__Codec",
            "Relay__Profiles__<name>__KeyframeSeconds",
            "Relay__Profiles__<name>__AudioKbps",
            "Relay__Restart__InitialDelay",
            "Relay__Restart__MaxDelay",
            "Relay__Restart__StableAfter",
            "Relay__StopTimeout",
            "Relay__StallTimeout",
            "Relay__StartTimeout",
            "Relay__MaxStartingRoutes",
            "Relay__ChildNiceness",
            "Relay__LogFormat",
            "Relay__Shard__Index",
            "Relay__Shard__Count",
            "Relay__Api__Token",
            "Relay__Api__TokenFile",
            "Relay__Thumbnails__Enabled",
            "Relay__Events__Webhooks__<i>__Url",
            "Relay__Events__Webhooks__<i>__Secret",
            "Relay__Failover__LossAfter",
            "Relay__Failover__FailbackAfter",
        ];

        Assert.Equal(expected, RelayConfigurationReader.KnownKeys);
    }

    [Fact]
    public void KnownKeys_EachOneSetWithNamesAndIndicesFilledIn_IsAcceptedByTheReader()
    {
        // Every listed key is one the reader takes: its value may be wrong for it, but the key is never unknown.
        var assignments = RelayConfigurationReader.KnownKeys.Select(key =>
            key.Replace(ConfigurationKeyPlaceholders.Name, "n1", StringComparison.Ordinal)
               .Replace(ConfigurationKeyPlaceholders.Index, "0", StringComparison.Ordinal) + "=x");
        var problems = new ConfigurationProblems();

        RelayConfigurationReader.Read(EnvConfiguration.From([.. assignments]), problems);

        Assert.DoesNotContain(problems.All, problem => problem.Contains("unknown setting", StringComparison.Ordinal));
        Assert.NotEmpty(problems.All);
    }
}
