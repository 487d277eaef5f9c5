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
                : Results.NotFound(new { error = $"no route named '{name}' on this replica" }));
        return app;
    }
}

/// <summary>The route's runs, newest first; at most <see cref="RunHistory.Kept"/> per process.</summary>
internal sealed record RouteRunsDto(string Route, IReadOnlyList<RunRecord> Runs);
