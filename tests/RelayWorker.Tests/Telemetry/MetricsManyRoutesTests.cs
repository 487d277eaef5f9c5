using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using RelayWorker.Status;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Telemetry;

/// <summary>
/// A worker with hundreds of routes keeps every route's series. The metrics SDK folds series beyond an instrument's
/// cardinality limit into one <c>otel_metric_overflow</c> series, and its default limit (2000 series per instrument)
/// is reached by the restart counter's ten reasons at 200 routes.
/// </summary>
[Collection(RelayMeterGroup.Name)]
public sealed partial class MetricsManyRoutesTests
{
    private const int RouteCount = 300;

    [Fact(Timeout = 120_000)]
    public async Task Metrics_ThreeHundredRoutes_EveryRouteHasItsRestartSeriesAndNothingOverflows()
    {
        var environment = Enumerable.Range(1, RouteCount).SelectMany(i => new[]
        {
            $"Relay__Routes__r{i:000}__Source=rtmp://src:1935/live/r{i:000}",
            $"Relay__Routes__r{i:000}__Destinations__0=srt://sink:8890",
            $"Relay__Routes__r{i:000}__Destinations__1=udp://sink:9000",
        }).ToArray();
        await using var host = await RelayTestHost.StartAsync(environment);
        var registry = host.App.Services.GetRequiredService<RouteStatusRegistry>();
        await Eventually.True(() => registry.Snapshots.Count == RouteCount, $"{RouteCount} routes in the registry");

        var text = await host.ScrapeUntilAsync(
            t => Regex.Count(t, "^relay_route_up\\{", RegexOptions.Multiline) == RouteCount, $"relay_route_up for {RouteCount} routes");

        Assert.DoesNotContain("otel_metric_overflow", text, StringComparison.Ordinal);
        var routesWithEveryReason = RestartSeries().Matches(text)
            .GroupBy(m => m.Groups["route"].Value)
            .Count(g => g.Select(m => m.Groups["reason"].Value).Distinct().Count() == RestartReason.All.Count);
        Assert.Equal(RouteCount, routesWithEveryReason);
        Assert.Equal(RouteCount * 2, Regex.Count(text, "^relay_destination_up\\{", RegexOptions.Multiline));
    }

    [GeneratedRegex("""^relay_route_restarts_total\{(?=[^}]*reason="(?<reason>[^"]+)")(?=[^}]*route="(?<route>[^"]+)")""", RegexOptions.Multiline)]
    private static partial Regex RestartSeries();
}
