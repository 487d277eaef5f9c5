using RelayWorker.Configuration;

namespace RelayWorker.FFmpeg;

/// <summary>
/// Warns once per key and alias about deprecated profile names: configuration is re-applied on every change,
/// and repeating the same warning each time would bury it.
/// </summary>
internal sealed partial class ProfileAliasWarnings
{
    private readonly HashSet<DeprecatedProfileUse> _warned = [];

    /// <summary>The uses not reported before; each one is logged now.</summary>
    public IReadOnlyList<DeprecatedProfileUse> Report(RelayOptions options, ILogger logger)
    {
        var fresh = ProfileAliases.InUse(options).Where(_warned.Add).ToList();
        foreach (var use in fresh)
        {
            LogDeprecatedProfile(logger, use.Key, use.Alias, use.Replacement);
        }
        return fresh;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning,
        Message = "{Key}: profile '{Alias}' is deprecated and runs as '{Replacement}' (512x288 for a 16:9 source); set {Key}={Replacement}")]
    private static partial void LogDeprecatedProfile(ILogger logger, string key, string alias, string replacement);
}
