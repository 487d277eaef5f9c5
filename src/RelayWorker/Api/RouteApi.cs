using System.Text.Json.Serialization;
using RelayWorker.Status;

namespace RelayWorker.Api;

internal static class RouteApi
{
    public static WebApplication MapRouteApi(this WebApplication app)
    {
        app.MapGet("/api/routes", (RouteStatusRegistry registry, TimeProvider time) =>
            registry.All.Select(s => RouteStatusDto.From(s.Snapshot, time.GetUtcNow())));
        app.MapGet("/api/routes/{name}", (string name, RouteStatusRegistry registry, TimeProvider time) =>
            registry.Find(name) is { } status
                ? Results.Ok(RouteStatusDto.From(status.Snapshot, time.GetUtcNow()))
                : Results.NotFound(new { error = $"no route named '{name}' on this replica" }));
        return app;
    }

    public static IServiceCollection AddRouteApiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
}
