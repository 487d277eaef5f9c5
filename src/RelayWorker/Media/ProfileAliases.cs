namespace RelayWorker.Media;

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
}
