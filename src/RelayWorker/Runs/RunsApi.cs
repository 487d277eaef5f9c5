using RelayWorker.Status;

namespace RelayWorker.Runs;

/// <summary><c>GET /api/routes/{name}/runs</c>: how each of the route's recent runs ended and why.</summary>
internal static class RunsApi
{
    public static WebApplication MapRunsApi(this WebApplication app)
    {
        app.MapGet("/api/routes/{name}/runs", (string name, RouteStatusRegistry registry, RunHistoryRegistry runs) =>
            registry.Find(name) is { } status
                ? Results.Ok(RouteRunsDto.Of(status.Name, runs.Find(status.Name)))
                : Results.NotFound(new Control.ErrorDto($"no route named '{name}' on this replica")))
            .WithSummary("The run each process of the route has in progress, and its last 20 ended runs, newest first: times, media time, exit, cause, last lines")
            .Produces<RouteRunsDto>()
            .Produces<Control.ErrorDto>(StatusCodes.Status404NotFound);
        return app;
    }
}

/// <summary>
/// The route's runs: <paramref name="Running"/> those in progress (one per process, oldest first), <paramref name="Runs"/>
/// those that ended, newest first, at most <see cref="RunHistory.Kept"/> per process.
/// </summary>
internal sealed record RouteRunsDto(string Route, IReadOnlyList<RunningDto> Running, IReadOnlyList<RunRecord> Runs)
{
    public static RouteRunsDto Of(string route, RunHistory? history) =>
        new(route, history is null ? [] : [.. history.Running.Select(r => r.Now())], history?.Runs ?? []);
}

/// <summary>A run in progress: its process, when it started, for how long, and the last lines its ffmpeg wrote (redacted).</summary>
internal sealed record RunningDto(string Process, DateTimeOffset StartedAt, double DurationSeconds, IReadOnlyList<string> LastLines);
