using RelayWorker.Status;

namespace RelayWorker.Api;

internal static class RouteApi
{
    public static WebApplication MapRouteApi(this WebApplication app)
    {
        app.MapGet("/api/routes", (RouteStatusRegistry registry, TimeProvider time) =>
            registry.All.Select(s => RouteStatusDto.From(s.Snapshot, time.GetUtcNow())))
            .WithSummary("Every route this replica reports, with its state, destinations, restarts and progress");
        app.MapGet("/api/routes/{name}", (string name, RouteStatusRegistry registry, TimeProvider time) =>
            registry.Find(name) is { } status
                ? Results.Ok(RouteStatusDto.From(status.Snapshot, time.GetUtcNow()))
                : Results.NotFound(new Control.ErrorDto($"no route named '{name}' on this replica")))
            .WithSummary("One route's status")
            .Produces<RouteStatusDto>()
            .Produces<Control.ErrorDto>(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Minimal APIs and typed results serialize through the compile-time descriptions (see <see cref="RelayJsonContext"/>).</summary>
    public static IServiceCollection AddRouteApiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, RelayJsonContext.Default));
}
