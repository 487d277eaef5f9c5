using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using RelayWorker.Configuration;

namespace RelayWorker.Telemetry;

internal static class TelemetryExtensions
{
    public static IServiceCollection AddRelayTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<RelayMetrics>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<RelayOptions>>();
            var room = new MetricSeriesRoom(options.CurrentValue);
            room.WarnOnReloadsBeyond(options, provider.GetRequiredService<ILogger<MetricSeriesRoom>>());
            return room;
        });
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics
                .AddMeter(RelayMetrics.MeterName)
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                // No cached answer: the exporter's default keeps a scrape for 300 ms, so a scrape right after a route
                // started (the worker's own warm-up is one) showed no route at all while /api/routes already showed it
                // running. A collection costs well under that (BENCHMARKS.md, "Many routes": /metrics answers).
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            // One view for every instrument, sized from the configuration (so added once the services exist): a
            // second view matching the same instrument would export it twice.
            ((IDeferredMeterProviderBuilder)metrics).Configure((provider, builder) =>
                builder.AddView(provider.GetRequiredService<MetricSeriesRoom>().Configure));
        });
        return services;
    }

    public static WebApplication MapRelayMetrics(this WebApplication app)
    {
        // Observable instruments exist only once the metrics class has been built.
        _ = app.Services.GetRequiredService<RelayMetrics>();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
