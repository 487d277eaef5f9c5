namespace RelayWorker.Benchmarks.Reporting;

/// <summary>Order statistics of a set of measurements. The machine is shared and noisy: quote medians, not means.</summary>
internal static class Stats
{
    public static double Min(IReadOnlyCollection<double> values) => values.Count == 0 ? double.NaN : values.Min();

    public static double Max(IReadOnlyCollection<double> values) => values.Count == 0 ? double.NaN : values.Max();

    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);

    /// <summary>
    /// Nearest-rank percentile (the smallest value with at least p % of the values at or below it): always a value
    /// that was measured, so the p95 of 20 kills is the 19th fastest, not an interpolation between two.
    /// The median of an even count is the mean of the middle two, as usual.
    /// </summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToArray();
        if (p == 50 && sorted.Length % 2 == 0)
        {
            return (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>"min / median / max" with the given format, the way every table here quotes a repeated figure.</summary>
    public static string Spread(IReadOnlyCollection<double> values, string format = "0.00") =>
        values.Count == 0
            ? "n/a"
            : $"{Min(values).ToString(format, System.Globalization.CultureInfo.InvariantCulture)} / "
              + $"{Median(values).ToString(format, System.Globalization.CultureInfo.InvariantCulture)} / "
              + $"{Max(values).ToString(format, System.Globalization.CultureInfo.InvariantCulture)}";
}
