using System.Text.RegularExpressions;
using RelayWorker.Configuration;

namespace RelayWorker.Tests.Deployment;

/// <summary>
/// The environment keys the worker reads, taken from its own key table: deployment files may set these and
/// nothing else, so a key the worker would reject (or a misspelling it would report) fails here first.
/// </summary>
internal static class KnownConfigurationKeys
{
    // Names as the validator accepts them for routes; indices are whole numbers.
    private const string NamePattern = "[A-Za-z0-9][A-Za-z0-9_.-]*";
    private const string IndexPattern = "[0-9]+";

    private static readonly Regex Known = new(
        "^(" + string.Join("|", RelayConfigurationReader.KnownKeys.Select(Pattern)) + ")$",
        RegexOptions.CultureInvariant);

    public static bool IsKnown(string key) => Known.IsMatch(key);

    private static string Pattern(string key) =>
        Regex.Escape(key)
            .Replace(ConfigurationKeyPlaceholders.Name, NamePattern, StringComparison.Ordinal)
            .Replace(ConfigurationKeyPlaceholders.Index, IndexPattern, StringComparison.Ordinal);
}
