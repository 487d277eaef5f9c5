using Microsoft.Extensions.Options;
using RelayWorker.Api;
using RelayWorker.Configuration;
using RelayWorker.Status;
using RelayWorker.Supervision;

namespace RelayWorker.Control;

/// <summary>
/// The control endpoints: restart a route, turn a route or one of its destinations off and on. They need the bearer
/// token of <c>Relay__Api__Token</c> or <c>Relay__Api__TokenFile</c>; with neither set they do not exist (404), so a
/// worker without a token cannot be controlled over HTTP at all. The read endpoints stay open either way.
/// </summary>
internal static class ControlApi
{
    public static WebApplication MapControlApi(this WebApplication app)
    {
        var control = app.MapGroup("/api/routes/{name}").AddEndpointFilter(RequireToken);
        control.MapPost("/restart", (string name, RelaySupervisor supervisor, RouteStatusRegistry registry, TimeProvider time) =>
            Answer(supervisor.RestartAsync(name), name, registry, time))
            .Controlled("Restart the route's ffmpeg now (counted as reason manual)");
        control.MapPost("/disable", (string name, RelaySupervisor supervisor, RouteStatusRegistry registry, TimeProvider time) =>
            Answer(supervisor.SetRouteDisabledAsync(name, disabled: true), name, registry, time))
            .Controlled("Stop the route until enabled or its configuration changes");
        control.MapPost("/enable", (string name, RelaySupervisor supervisor, RouteStatusRegistry registry, TimeProvider time) =>
            Answer(supervisor.SetRouteDisabledAsync(name, disabled: false), name, registry, time))
            .Controlled("Run a route disabled by hand again");
        control.MapPost("/destinations/{index:int}/disable", (string name, int index, RelaySupervisor supervisor, RouteStatusRegistry registry, TimeProvider time) =>
            Answer(supervisor.SetDestinationDisabledAsync(name, index, disabled: true), name, registry, time))
            .Controlled("Rerun the route without this destination until enabled or its configuration changes");
        control.MapPost("/destinations/{index:int}/enable", (string name, int index, RelaySupervisor supervisor, RouteStatusRegistry registry, TimeProvider time) =>
            Answer(supervisor.SetDestinationDisabledAsync(name, index, disabled: false), name, registry, time))
            .Controlled("Rerun the route with this destination again");
        return app;
    }

    /// <summary>What every control endpoint may answer, for the OpenAPI document.</summary>
    private static RouteHandlerBuilder Controlled(this RouteHandlerBuilder endpoint, string summary) => endpoint
        .WithSummary(summary + ". Needs Authorization: Bearer <token>.")
        .Produces<RouteStatusDto>()
        .Produces(StatusCodes.Status204NoContent)
        .Produces<ErrorDto>(StatusCodes.Status401Unauthorized)
        .Produces<ErrorDto>(StatusCodes.Status404NotFound)
        .Produces<ErrorDto>(StatusCodes.Status409Conflict)
        .Produces<ErrorDto>(StatusCodes.Status503ServiceUnavailable);

    /// <summary>The route's status after the change, or why there was none.</summary>
    private static async Task<IResult> Answer(Task<ControlResult> change, string name, RouteStatusRegistry registry, TimeProvider time)
    {
        var result = await change;
        return result.Outcome switch
        {
            ControlOutcome.Done when registry.Find(name) is { } status => Results.Ok(RouteStatusDto.From(status.Snapshot, time.GetUtcNow())),
            ControlOutcome.Done => Results.NoContent(),
            ControlOutcome.UnknownRoute or ControlOutcome.UnknownDestination => Results.NotFound(new ErrorDto(result.Error!)),
            ControlOutcome.Conflict => Results.Conflict(new ErrorDto(result.Error!)),
            _ => Results.Json(new ErrorDto(result.Error!), RelayJsonContext.Default.ErrorDto, statusCode: StatusCodes.Status503ServiceUnavailable),
        };
    }

    private static async ValueTask<object?> RequireToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var api = http.RequestServices.GetRequiredService<IOptionsMonitor<RelayOptions>>().CurrentValue.Api;
        if (ApiToken.Read(api) is not { } expected)
        {
            return Results.NotFound();
        }
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || !ApiToken.Matches(header[scheme.Length..].Trim(), expected))
        {
            // Neither the presented nor the expected token is logged or echoed.
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Json(new ErrorDto("a valid bearer token is required (Authorization: Bearer <token>)"), RelayJsonContext.Default.ErrorDto, statusCode: StatusCodes.Status401Unauthorized);
        }
        return await next(context);
    }
}

/// <summary>Why a request was not carried out.</summary>
internal sealed record ErrorDto(string Error);
