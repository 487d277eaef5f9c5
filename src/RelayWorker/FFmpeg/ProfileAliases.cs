using RelayWorker.Configuration;

namespace RelayWorker.FFmpeg;

/// <summary>
/// Old ladder names that still resolve. The 228p rungs were 512x228, a slip for 512x288 (every other rung is
/// 16:9); configurations written with the old names keep working and are told the new one.
/// </summary>
internal static class ProfileAliases
{
    private static readonly Dictionary<string, string> Deprecated = new(StringComparer.OrdinalIgnoreCase)
    {
        ["228p1"] = "288p1",
        ["228p6"] = "288p6",
        ["228p12"] = "288p12",
        ["228p25"] = "288p25",
    };

    /// <summary>The current name for a deprecated alias; any other name unchanged.</summary>
    public static string Canonical(string name) => Deprecated.GetValueOrDefault(name, name);

    public static bool IsDeprecated(string name) => Deprecated.ContainsKey(name);

    /// <summary>Every profile key of the configuration that uses a deprecated alias, as the user would set it.</summary>
    public static IEnumerable<DeprecatedProfileUse> InUse(RelayOptions options)
    {
        foreach (var (routeName, route) in options.Routes.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (IsDeprecated(route.Profile))
            {
                yield return Use(route.Profile, "Routes", routeName, "Profile");
            }
            foreach (var (renditionName, rendition) in route.Renditions.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                if (IsDeprecated(rendition.Profile))
                {
                    yield return Use(rendition.Profile, "Routes", routeName, "Renditions", renditionName, "Profile");
                }
            }
        }
    }

    private static DeprecatedProfileUse Use(string alias, params string[] key) =>
        new(ConfigurationProblems.Key(key), alias, Canonical(alias));
}

/// <summary>A configuration key whose value is a deprecated profile name, and the name to use instead.</summary>
internal sealed record DeprecatedProfileUse(string Key, string Alias, string Replacement);
