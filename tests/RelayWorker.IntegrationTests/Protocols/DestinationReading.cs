using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RelayWorker.IntegrationTests.Relay;

namespace RelayWorker.IntegrationTests.Protocols;

/// <summary>Per-destination state as an operator sees it: destinationStatus in the route API and relay_destination_up.</summary>
internal static partial class DestinationReading
{
    [GeneratedRegex(@"^relay_destination_up\{(?<labels>[^}]*)\} (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex DestinationUpSeries();

    /// <summary>destinationStatus[].state in index order, lower-cased ("up", "down", "connecting").</summary>
    public static IReadOnlyList<string> DestinationStates(this JsonElement route) =>
        [.. route.GetProperty("destinationStatus").EnumerateArray()
            .OrderBy(d => d.GetProperty("index").GetInt32())
            .Select(d => (d.GetProperty("state").GetString() ?? "").ToLowerInvariant())];

    public static string? DestinationLastError(this JsonElement route, int index) =>
        route.GetProperty("destinationStatus").EnumerateArray()
            .Single(d => d.GetProperty("index").GetInt32() == index)
            .GetProperty("lastError").GetString();

    /// <summary>Polls the route API until its destinations are in exactly <paramref name="expected"/> states.</summary>
    public static async Task WaitForDestinationStatesAsync(this WorkerProcess worker, string route, TimeSpan timeout, params string[] expected)
    {
        IReadOnlyList<string> last = [];
        await Poll.UntilAsync(
            async () =>
            {
                last = (await worker.RouteAsync(route)).DestinationStates();
                return last.SequenceEqual(expected);
            },
            timeout,
            $"route {route} destinations [{string.Join(", ", expected)}] (last [{string.Join(", ", last)}])");
    }

    /// <summary>relay_destination_up for one route, by destination label, from a fresh scrape of /metrics.</summary>
    public static async Task<IReadOnlyDictionary<string, double>> DestinationUpAsync(this WorkerProcess worker, string route)
    {
        var exposition = await worker.HttpClient.GetStringAsync(new Uri("metrics", UriKind.Relative));
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match series in DestinationUpSeries().Matches(exposition))
        {
            var labels = series.Groups["labels"].Value;
            var destination = Regex.Match(labels, "destination=\"([^\"]*)\"");
            if (labels.Contains($"route=\"{route}\"", StringComparison.Ordinal) && destination.Success)
            {
                values[destination.Groups[1].Value] = double.Parse(series.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
        return values;
    }
}
