using System.Diagnostics.Metrics;
using System.Globalization;
using RelayWorker.Status;

namespace RelayWorker.Telemetry;

/// <summary>
/// Every RelayWorker instrument, observed from the route registry at scrape time, so a scrape always
/// sees the same numbers as /api/routes. Instrument names are chosen so that the Prometheus exporter's
/// translation (unit suffix, _total for counters) yields exactly the names in README.md ("Metrics").
/// Labels are the route name, a restart reason, a destination index, an input name or a kind: never a URL.
/// </summary>
internal sealed class RelayMetrics
{
    public const string MeterName = "RelayWorker";

    public RelayMetrics(IMeterFactory meterFactory, RouteStatusRegistry registry, TimeProvider timeProvider)
    {
        var meter = meterFactory.Create(MeterName);
        // Each callback reads one snapshot per route, so a series never mixes two moments of the same route.
        IEnumerable<RouteSnapshot> Reported() => registry.Snapshots.Where(r => r.State != RouteState.Disabled);
        // A disabled route has no series: it is off by choice, and a 0 would fire the route-down alert.
        meter.CreateObservableGauge("relay_route_up",
            () => Reported().Select(r => Measure(r.IsStreamingAt(timeProvider.GetUtcNow()) ? 1 : 0, r)),
            description: "1 while the route's media is progressing, 0 otherwise; absent for disabled routes.");
        meter.CreateObservableGauge("relay_destination_up",
            () => Reported().SelectMany(r => r.DestinationsAt(timeProvider.GetUtcNow()).Select((view, index) =>
                new Measurement<int>(view.State == DestinationState.Up ? 1 : 0, Route(r), new("destination", index.ToString(CultureInfo.InvariantCulture))))),
            description: "1 while media flows to the destination, by its index in the route's Destinations list.");
        // Only destinations that are failing have a series: the cause is a label so an alert can say why.
        meter.CreateObservableGauge("relay_destination_failures",
            () => Reported().SelectMany(DestinationFailureSeries),
            description: "Failed attempts in a row of a destination in the current run, by its index and the cause of the latest (unreachable, rejected, incompatible, broken, failed).");
        // Every known reason is reported from 0, so rate() and increase() see a route's first restart.
        meter.CreateObservableCounter("relay_route_restarts",
            () => Reported().SelectMany(r => RestartReason.All.Union(r.Restarts.Keys).Select(reason =>
                new Measurement<long>(r.Restarts.GetValueOrDefault(reason), Route(r), new("reason", reason)))),
            description: "Restarts of the route's ffmpeg, by reason (exited, failed, killed, stalled, start_timeout, start_failed, reconfigured, manual).");
        // A continuous route only: one series per input, so "which input is on air" is one query, and an alert on
        // source="slate" fires from the first scrape of an outage.
        meter.CreateObservableGauge("relay_route_active_source",
            () => Reported().Where(r => r.IsContinuous).SelectMany(ActiveSourceSeries),
            description: "1 for the input a continuous route sends now (primary, backup1, ..., slate), 0 for its other inputs.");
        meter.CreateObservableCounter("relay_route_switches",
            () => Reported().Where(r => r.IsContinuous).SelectMany(r => r.Switches
                .OrderBy(s => s.Key.To, StringComparer.Ordinal).ThenBy(s => s.Key.Reason, StringComparer.Ordinal)
                .Select(s => new Measurement<long>(s.Value, Route(r), new("to", s.Key.To), new("reason", s.Key.Reason)))),
            description: "Switches of a continuous route to an input, by the input (to) and why (start, loss, failback, recovered).");
        meter.CreateObservableCounter("relay_route_output_bytes",
            () => registry.Snapshots.Select(r => Measure(r.OutputBytes, r)),
            description: "Bytes the route's ffmpeg has written to its outputs, summed over every run.");
        meter.CreateObservableGauge("relay_route_uptime", () => registry.Snapshots.Select(r => Measure(r.UptimeAt(timeProvider.GetUtcNow()).TotalSeconds, r)),
            unit: "s", description: "Seconds the route's media has been progressing without interruption.");
        meter.CreateObservableGauge("relay_route_fps",
            () => registry.Snapshots.Select(r => Measure(r.IsStreamingAt(timeProvider.GetUtcNow()) ? r.Progress?.Fps ?? 0 : 0, r)),
            description: "Frames per second ffmpeg reports for the route; 0 when unknown or not running.");
        meter.CreateObservableGauge("relay_route_speed",
            () => registry.Snapshots.Select(r => Measure(r.IsStreamingAt(timeProvider.GetUtcNow()) ? r.Progress?.Speed ?? 0 : 0, r)),
            description: "Processing speed relative to real time (1 keeps up with a live source).");
        meter.CreateObservableGauge("relay_route_backoff", () => registry.Snapshots.Select(r => Measure(r.CurrentBackoff?.TotalSeconds ?? 0, r)),
            unit: "s", description: "Current delay before the route's next restart; 0 when it is not backing off.");
        meter.CreateObservableGauge("relay_routes",
            () => new[]
            {
                new Measurement<int>(registry.ConfiguredCount, new KeyValuePair<string, object?>("kind", "configured")),
                new Measurement<int>(registry.OwnedCount, new KeyValuePair<string, object?>("kind", "owned")),
            },
            description: "Routes in the configuration, and routes this replica owns.");
        meter.CreateObservableGauge("relay_routes_starting",
            () =>
            {
                var snapshots = registry.Snapshots;
                return new[]
                {
                    new Measurement<int>(snapshots.Count(r => r.State == RouteState.Queued), new KeyValuePair<string, object?>("phase", "queued")),
                    new Measurement<int>(snapshots.Count(r => r.State == RouteState.Starting), new KeyValuePair<string, object?>("phase", "starting")),
                };
            },
            description: "Routes waiting for a start slot (queued), and routes whose ffmpeg started but has delivered no media yet (starting).");
    }

    private static IEnumerable<Measurement<int>> DestinationFailureSeries(RouteSnapshot route)
    {
        var views = route.DestinationViews.IsDefault ? [] : route.DestinationViews;
        for (var i = 0; i < views.Length; i++)
        {
            if (views[i].Failures > 0 && views[i].Cause is { } cause)
            {
                yield return new Measurement<int>(views[i].Failures, Route(route),
                    new("destination", i.ToString(CultureInfo.InvariantCulture)), new("cause", cause));
            }
        }
    }

    private static IEnumerable<Measurement<int>> ActiveSourceSeries(RouteSnapshot route) =>
        (route.Sources.IsDefault ? [] : route.Sources).Select(source =>
            new Measurement<int>(source.Name == route.ActiveSource ? 1 : 0, Route(route), new("source", source.Name)));

    private static KeyValuePair<string, object?> Route(RouteSnapshot status) => new("route", status.Name);

    private static Measurement<T> Measure<T>(T value, RouteSnapshot status)
        where T : struct => new(value, Route(status));
}
