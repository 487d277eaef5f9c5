using RelayWorker.Media;

namespace RelayWorker.Configuration;

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
        var fresh = InUse(options).Where(_warned.Add).ToList();
        foreach (var use in fresh)
        {
            LogDeprecatedProfile(logger, use.Key, use.Alias, use.Replacement);
        }
        return fresh;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning,
        Message = "{Key}: profile '{Alias}' is deprecated and runs as '{Replacement}' (512x288 for a 16:9 source); set {Key}={Replacement}")]
    private static partial void LogDeprecatedProfile(ILogger logger, string key, string alias, string replacement);

    /// <summary>Every profile key of the configuration that uses a deprecated alias, as the user would set it.</summary>
    internal static IEnumerable<DeprecatedProfileUse> InUse(RelayOptions options)
    {
        foreach (var (routeName, route) in options.Routes.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (ProfileAliases.IsDeprecated(route.Profile))
            {
                yield return Use(route.Profile, "Routes", routeName, "Profile");
            }
            foreach (var (renditionName, rendition) in route.Renditions.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                if (ProfileAliases.IsDeprecated(rendition.Profile))
                {
                    yield return Use(rendition.Profile, "Routes", routeName, "Renditions", renditionName, "Profile");
                }
            }
        }
    }

    private static DeprecatedProfileUse Use(string alias, params string[] key) =>
        new(ConfigurationProblems.Key(key), alias, ProfileAliases.Canonical(alias));
}

/// <summary>A configuration key whose value is a deprecated profile name, and the name to use instead.</summary>
internal sealed record DeprecatedProfileUse(string Key, string Alias, string Replacement);
