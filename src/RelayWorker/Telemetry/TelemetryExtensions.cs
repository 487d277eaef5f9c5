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
            .AddPrometheusExporter());
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
