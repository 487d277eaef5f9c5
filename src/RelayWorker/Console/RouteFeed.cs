using System.Text.Json;
using RelayWorker.Api;
using RelayWorker.Events;
using RelayWorker.Status;

namespace RelayWorker.Console;

/// <summary>
/// <c>GET /console/feed</c>, the status page's live data: every route as /api/routes shows it (the same DTO, so
/// the same redaction), first all of them (<c>routes</c>), then each route again when what it shows changed
/// (<c>route</c>), or <c>removed</c>. It wakes on every snapshot and at least once a second (uptime, Frozen and
/// Slow follow the clock), so the page is never more than a second behind and nothing polls.
/// </summary>
internal static class RouteFeed
{
    /// <summary>Snapshots of many routes arrive together (a progress block per route per second): gather them.</summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(150);

    private static readonly TimeSpan ClockPeriod = TimeSpan.FromSeconds(1);

    public static async Task StreamAsync(
        HttpContext context, RouteStatusRegistry registry, EventHub hub, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ending.Token;
        var sent = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await ServerSentEvents.StartAsync(context.Response, cancellationToken);
            var first = Current(registry, time);
            await ServerSentEvents.WriteAsync(context.Response, "routes", "[" + string.Join(",", first.Values) + "]", null, cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
            foreach (var (name, text) in first)
            {
                sent[name] = text;
            }
            var lastWrite = time.GetTimestamp();
            while (true)
            {
                var change = hub.NextChange;
                await Task.WhenAny(change, Task.Delay(ClockPeriod, time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Delay(Gather, time, cancellationToken);
                var wrote = await SendChangesAsync(context.Response, Current(registry, time), sent, cancellationToken);
                if (wrote)
                {
                    lastWrite = time.GetTimestamp();
                }
                else if (time.GetElapsedTime(lastWrite) >= ServerSentEvents.KeepAlivePeriod)
                {
                    await ServerSentEvents.CommentAsync(context.Response, "keep-alive", cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                    lastWrite = time.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed or the host is stopping.
        }
    }

    private static Dictionary<string, string> Current(RouteStatusRegistry registry, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return registry.Snapshots.ToDictionary(s => s.Name, s => JsonSerializer.Serialize(RouteStatusDto.From(s, now), RelayJsonContext.Default.RouteStatusDto), StringComparer.Ordinal);
    }

    private static async Task<bool> SendChangesAsync(HttpResponse response, Dictionary<string, string> current, Dictionary<string, string> sent, CancellationToken cancellationToken)
    {
        var wrote = false;
        foreach (var (name, text) in current)
        {
            if (!sent.TryGetValue(name, out var previous) || previous != text)
            {
                await ServerSentEvents.WriteAsync(response, "route", text, null, cancellationToken);
                sent[name] = text;
                wrote = true;
            }
        }
        foreach (var gone in sent.Keys.Where(name => !current.ContainsKey(name)).ToList())
        {
            await ServerSentEvents.WriteAsync(response, "removed", JsonSerializer.Serialize(new RemovedRouteDto(gone), RelayJsonContext.Default.RemovedRouteDto), null, cancellationToken);
            sent.Remove(gone);
            wrote = true;
        }
        if (wrote)
        {
            await response.Body.FlushAsync(cancellationToken);
        }
        return wrote;
    }
}
