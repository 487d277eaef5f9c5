using System.Text.Json;
using RelayWorker.Api;

namespace RelayWorker.Events;

/// <summary><c>GET /api/events</c>: the event stream, resumable with Last-Event-ID.</summary>
internal static class EventsEndpoint
{
    public static WebApplication MapRelayEvents(this WebApplication app)
    {
        app.MapGet("/api/events", StreamAsync);
        return app;
    }

    private static async Task StreamAsync(HttpContext context, EventHub hub, IHostApplicationLifetime lifetime)
    {
        // Ends with the client or with the host: an open stream must never hold a shutdown back.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ending.Token;
        using var subscription = hub.Subscribe(ServerSentEvents.LastEventId(context.Request));
        try
        {
            await ServerSentEvents.StartAsync(context.Response, cancellationToken);
            if (subscription.MissedSome)
            {
                await ServerSentEvents.CommentAsync(context.Response, "some events after the given id are no longer held", cancellationToken);
            }
            foreach (var relayEvent in subscription.Backlog)
            {
                await WriteAsync(context.Response, relayEvent, cancellationToken);
            }
            await context.Response.Body.FlushAsync(cancellationToken);
            while (true)
            {
                using var keepAlive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                keepAlive.CancelAfter(ServerSentEvents.KeepAlivePeriod);
                bool more;
                try
                {
                    more = await subscription.Live.WaitToReadAsync(keepAlive.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await ServerSentEvents.CommentAsync(context.Response, "keep-alive", cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                    continue;
                }
                if (!more)
                {
                    // Cut off for falling behind: closing makes the client reconnect with its Last-Event-ID.
                    return;
                }
                while (subscription.Live.TryRead(out var relayEvent))
                {
                    await WriteAsync(context.Response, relayEvent, cancellationToken);
                }
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left or the host is stopping.
        }
    }

    private static Task WriteAsync(HttpResponse response, RelayEvent relayEvent, CancellationToken cancellationToken) =>
        ServerSentEvents.WriteAsync(response, relayEvent.Kind, JsonSerializer.Serialize(relayEvent, RelayEventJsonContext.Default.RelayEvent), relayEvent.Id, cancellationToken);
}
