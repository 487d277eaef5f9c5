using System.Globalization;

namespace RelayWorker.Benchmarks.Reporting;

/// <summary>Invariant number formatting for the tables (a decimal point, whatever the machine's locale).</summary>
internal static class Number
{
    public static string F(double value, string format = "0.00") =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    public static string Ms(double seconds) => F(seconds * 1000, "0");
}
