using OpenTelemetry.Metrics;

namespace RelayWorker.Telemetry;

internal static class TelemetryExtensions
{
    public static IServiceCollection AddRelayTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<RelayMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(RelayMetrics.MeterName)
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation()
            .AddView(CountSuffixRenames.Rename)
            // No cached answer: the exporter's default keeps a scrape for 300 ms, so a scrape right after a route
            // started (the worker's own warm-up is one) showed no route at all while /api/routes already showed it
            // running. A collection costs well under that (BENCHMARKS.md, "Many routes": /metrics answers).
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
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
