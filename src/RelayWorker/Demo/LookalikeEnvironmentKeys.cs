using System.Collections;
using System.Text.RegularExpressions;

namespace RelayWorker.Demo;

/// <summary>
/// Environment variables that look meant for RelayWorker but that configuration never sees: a single
/// underscore (<c>Relay_Routes__cam1__Source</c>) or a colon-free typo of the section name. .NET reads only
/// <c>Relay__…</c> (any case), so such a variable is silently ignored; the worker names it instead. Only the
/// variable's name is reported, never its value.
/// </summary>
internal static partial class LookalikeEnvironmentKeys
{
    // A nested key ("__") whose first segment is a near spelling of Relay: Relay_Routes__…, Relays__…, Rely__….
    [GeneratedRegex(@"^re?la?ys?[_a-z]*__", RegexOptions.IgnoreCase)]
    private static partial Regex Lookalike();

    public static IReadOnlyList<string> Find(IDictionary environment) =>
        [.. environment.Keys.OfType<string>()
            .Where(name => !name.StartsWith("Relay__", StringComparison.OrdinalIgnoreCase) && Lookalike().IsMatch(name))
            .Order(StringComparer.Ordinal)];
}
