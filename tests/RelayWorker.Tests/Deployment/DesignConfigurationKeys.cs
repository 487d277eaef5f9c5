using System.Text.RegularExpressions;

namespace RelayWorker.Tests.Deployment;

/// <summary>The environment keys DESIGN.md defines; deployment files may set these and nothing else.</summary>
internal static partial class DesignConfigurationKeys
{
    public static bool IsDesignKey(string key) => Key().IsMatch(key);

    [GeneratedRegex("""
        ^Relay__(
            FfmpegPath
          | Restart__(InitialDelay|MaxDelay|StableAfter)
          | StopTimeout | StallTimeout | LogFormat
          | Shard__(Index|Count)
          | Routes__[A-Za-z0-9_.-]+__(Source|Destinations__[0-9]+|Profile|Enabled|Listen)
          | Profiles__[A-Za-z0-9_-]+__(Width|Height|Fps|VideoKbps|Codec|KeyframeSeconds|AudioKbps)
        )$
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Key();
}
