using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelayWorker.Api;

namespace RelayWorker.Health;

internal static class HealthExtensions
{
    private const string LiveTag = "live";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddRelayHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<SupervisorLivenessCheck>("supervisor", tags: [LiveTag])
            .AddCheck<RoutesReadinessCheck>("routes", tags: [ReadyTag]);
        services.AddSingleton<EndpointWarmup>();
        return services;
    }

    public static WebApplication MapRelayHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz/live", Options(LiveTag));
        app.MapHealthChecks("/healthz/ready", Options(ReadyTag));
        return app;
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
        ResponseWriter = WriteJsonAsync,
    };

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var notStreaming = report.Entries.Values
            .SelectMany(e => e.Data.TryGetValue(RoutesReadinessCheck.NotStreamingKey, out var names) ? (string[])names : [])
            .ToArray();
        var onSlate = report.Entries.Values
            .SelectMany(e => e.Data.TryGetValue(RoutesReadinessCheck.OnSlateKey, out var names) ? (string[])names : [])
            .ToArray();
        var body = new HealthResponse(
            report.Status.ToString(),
            notStreaming,
            onSlate,
            report.Entries.ToDictionary(e => e.Key, e => e.Value.Description ?? e.Value.Status.ToString()));
        return JsonSerializer.SerializeAsync(context.Response.Body, body, RelayJsonContext.Default.HealthResponse, context.RequestAborted);
    }
}

/// <summary><paramref name="OnSlate"/>: continuous routes among <paramref name="NotStreaming"/> that send their slate because no source delivers.</summary>
internal sealed record HealthResponse(string Status, string[] NotStreaming, string[] OnSlate, Dictionary<string, string> Checks);
