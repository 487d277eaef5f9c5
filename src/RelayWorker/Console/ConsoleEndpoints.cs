using RelayWorker.Events;
using RelayWorker.Status;

namespace RelayWorker.Console;

/// <summary>
/// The operator's status page: <c>GET /</c> renders every route as a plain HTML table (readable without
/// JavaScript), and its script keeps the table live from <c>GET /console/feed</c>. Assets under <c>/console/</c>.
/// </summary>
internal static class ConsoleEndpoints
{
    public static IServiceCollection AddRelayConsole(this IServiceCollection services)
    {
        services.AddSingleton<EventHub>();
        services.AddSingleton<WebhookDispatcher>();
        return services;
    }

    public static WebApplication MapRelayConsole(this WebApplication app)
    {
        // Built now, before the supervisor applies its first configuration: the hub must see every route from
        // its first snapshot, and the webhooks the first configuration event.
        _ = app.Services.GetRequiredService<EventHub>();
        _ = app.Services.GetRequiredService<WebhookDispatcher>();
        app.MapRelayEvents();
        // HEAD too: uptime monitors and load balancers probe the page with it; they get the headers, and the page
        // is not rendered for nothing.
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, RouteStatusRegistry registry, TimeProvider time) =>
        {
            const string Html = "text/html; charset=utf-8";
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.ContentType = Html;
                return Results.Empty;
            }
            return Results.Content(ConsolePage.Render(registry.Snapshots, time.GetUtcNow()), Html);
        });
        app.MapGet("/console/feed", RouteFeed.StreamAsync);
        app.MapGet("/console/{file}", Serve);
        return app;
    }

    private static IResult Serve(string file, HttpContext context)
    {
        if (ConsoleAssets.Find(file) is not { } asset || file.EndsWith(".html", StringComparison.Ordinal))
        {
            return Results.NotFound();
        }
        context.Response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        context.Response.Headers.ETag = asset.ETag;
        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
