using System.Text.RegularExpressions;

namespace RelayWorker.Tests.Deployment;

/// <summary>
/// Finds the metric names a PromQL expression (or a Grafana label_values query) selects. Not a parser:
/// it blanks out what cannot be a metric name (strings, label matchers, ranges, grouping labels,
/// Grafana variables), then keeps identifiers that are neither functions nor keywords.
/// </summary>
internal static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
        "offset", "bool", "inf", "nan",
    };

    public static IReadOnlySet<string> Of(string expression)
    {
        var text = LabelValuesLabel().Replace(expression, "$1)");
        foreach (var blank in new[] { StringLiteral(), LabelMatchers(), RangeOrSubquery(), GroupingLabels(), GrafanaVariable() })
        {
            text = blank.Replace(text, " ");
        }
        return Identifier().Matches(text)
            .Where(match => !match.Groups["call"].Success && !Keywords.Contains(match.Groups["name"].Value))
            .Select(match => match.Groups["name"].Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    // Grafana's label_values(metric, label): the second argument is a label, not a metric.
    [GeneratedRegex(@"(label_values\s*\([^,()]*),\s*\w+\s*\)")]
    private static partial Regex LabelValuesLabel();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeOrSubquery();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex GroupingLabels();

    [GeneratedRegex(@"\$\{[^}]*\}|\$\w+")]
    private static partial Regex GrafanaVariable();

    // Not preceded by a word character or dot, so exponents (1e3) and durations (5m) are skipped.
    [GeneratedRegex(@"(?<![\w.])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();
}
