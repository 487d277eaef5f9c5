using RelayWorker.Status;

namespace RelayWorker.Runs;

/// <summary><c>GET /api/routes/{name}/runs</c>: how each of the route's recent runs ended and why.</summary>
internal static class RunsApi
{
    public static WebApplication MapRunsApi(this WebApplication app)
    {
        app.MapGet("/api/routes/{name}/runs", (string name, RouteStatusRegistry registry, RunHistoryRegistry runs) =>
            registry.Find(name) is { } status
                ? Results.Ok(new RouteRunsDto(status.Name, runs.Find(status.Name)?.Runs ?? []))
                : Results.NotFound(new Control.ErrorDto($"no route named '{name}' on this replica")))
            .WithSummary("The last 20 runs of each process of the route, newest first: times, media time, exit, cause, last lines")
            .Produces<RouteRunsDto>()
            .Produces<Control.ErrorDto>(StatusCodes.Status404NotFound);
        return app;
    }
}

/// <summary>The route's runs, newest first; at most <see cref="RunHistory.Kept"/> per process.</summary>
internal sealed record RouteRunsDto(string Route, IReadOnlyList<RunRecord> Runs);
