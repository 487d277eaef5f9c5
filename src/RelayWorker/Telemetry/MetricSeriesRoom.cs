using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using RelayWorker.Configuration;
using RelayWorker.Status;

namespace RelayWorker.Telemetry;

/// <summary>
/// How many series each instrument may hold. The metrics SDK gives every instrument a limit (2000 unless a view
/// says otherwise), allocates all of it up front and folds series beyond it into one <c>otel_metric_overflow</c>
/// series. 2000 was too few for the restart counter past 200 routes (ten reasons each), and 50 times too many for
/// the runtime's instruments, whose allocation was a measurable part of the worker's start (BENCHMARKS.md §18).
/// The room is sized from the configuration at start, twice over so that reloads can grow it, and never below
/// <see cref="MinimumRoutes"/> routes.
/// </summary>
internal sealed partial class MetricSeriesRoom : IDisposable
{
    /// <summary>Routes the metrics keep every series of, however few are configured at start.</summary>
    public const int MinimumRoutes = 500;

    /// <summary>The runtime's and the process's instruments: a handful of series each (GC generations, CPU modes).</summary>
    public const int RuntimeSeries = 100;

    private const int MinimumOutputsPerRoute = 4;
    private const int MinimumInputsPerRoute = 4;
    // start, loss, failback, recovered: the reasons a continuous route switches inputs.
    private const int SwitchReasons = 4;
    // Reasons outside the known list (a future one) still get a series each.
    private const int SpareRestartReasons = 2;

    private IDisposable? _reloads;
    private string? _lastOverflow;

    public MetricSeriesRoom(RelayOptions atStart)
    {
        var shape = RouteShape.Of(atStart);
        Routes = Math.Max(MinimumRoutes, 2 * shape.Routes);
        OutputsPerRoute = Math.Max(MinimumOutputsPerRoute, 2 * shape.MostOutputs);
        InputsPerRoute = Math.Max(MinimumInputsPerRoute, 2 * shape.MostInputs);
    }

    public int Routes { get; }

    public int OutputsPerRoute { get; }

    public int InputsPerRoute { get; }

    /// <summary>The one view of every instrument: its series limit, and the Prometheus-safe name where it needs one.</summary>
    public MetricStreamConfiguration Configure(Instrument instrument) => new()
    {
        Name = CountSuffixRenames.NewName(instrument),
        CardinalityLimit = LimitFor(instrument),
    };

    public int LimitFor(Instrument instrument)
    {
        if (instrument.Meter.Name != RelayMetrics.MeterName)
        {
            return RuntimeSeries;
        }
        return instrument.Name switch
        {
            "relay_route_restarts" => Routes * (RestartReason.All.Count + SpareRestartReasons),
            "relay_destination_up" or "relay_destination_failures" => Routes * OutputsPerRoute,
            "relay_route_active_source" => Routes * InputsPerRoute,
            "relay_route_switches" => Routes * InputsPerRoute * SwitchReasons,
            "relay_routes" or "relay_routes_starting" => RuntimeSeries,
            _ => Routes,
        };
    }

    /// <summary>What a reloaded configuration needs beyond the room sized at start; null when it fits.</summary>
    public string? Overflow(RelayOptions options)
    {
        var shape = RouteShape.Of(options);
        return shape.Routes > Routes || shape.MostOutputs > OutputsPerRoute || shape.MostInputs > InputsPerRoute
            ? $"{shape.Routes} routes, up to {shape.MostOutputs} destinations and {shape.MostInputs} inputs per route, where the metrics were sized at start for {Routes}, {OutputsPerRoute} and {InputsPerRoute}"
            : null;
    }

    /// <summary>
    /// Warns when a reload configures more than the room: the worker relays it, but series beyond the room are
    /// folded together until it restarts, and an operator would otherwise find out from a missing series.
    /// </summary>
    public void WarnOnReloadsBeyond(IOptionsMonitor<RelayOptions> options, ILogger logger)
    {
        _reloads = options.OnChange(changed =>
        {
            var overflow = Overflow(changed);
            if (overflow is not null && overflow != _lastOverflow)
            {
                LogBeyondRoom(logger, overflow);
            }
            _lastOverflow = overflow;
        });
    }

    public void Dispose() => _reloads?.Dispose();

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning,
        Message = "The configuration now has {Shape}: series beyond that are exported as one otel_metric_overflow series until the worker restarts")]
    private static partial void LogBeyondRoom(ILogger logger, string shape);

    private readonly record struct RouteShape(int Routes, int MostOutputs, int MostInputs)
    {
        public static RouteShape Of(RelayOptions options) => new(
            options.Routes.Count,
            options.Routes.Values.Select(r => r.Destinations.Count + r.Renditions.Values.Sum(d => d.Destinations.Count)).DefaultIfEmpty(0).Max(),
            // The primary, every backup and the slate.
            options.Routes.Values.Select(r => r.Backups.Count + 2).DefaultIfEmpty(0).Max());
    }
}
