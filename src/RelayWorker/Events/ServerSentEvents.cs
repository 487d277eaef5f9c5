using System.Globalization;
using System.Text;

namespace RelayWorker.Events;

/// <summary>Writes the text/event-stream framing: what /api/events and the status page's feed share.</summary>
internal static class ServerSentEvents
{
    /// <summary>Often enough that proxies and browsers do not close an idle stream, rarely enough to cost nothing.</summary>
    public static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromSeconds(15);

    /// <summary>Sets the headers of a stream and sends them, so the client knows at once that it is connected.</summary>
    public static async Task StartAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        // A buffering reverse proxy (nginx) would hold events back until its buffer fills.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>One event; <paramref name="data"/> is one line of JSON (it contains no raw newline).</summary>
    public static Task WriteAsync(HttpResponse response, string eventName, string data, long? id, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        if (id is { } value)
        {
            text.Append("id: ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        text.Append("event: ").Append(eventName).Append('\n');
        text.Append("data: ").Append(data).Append("\n\n");
        return response.WriteAsync(text.ToString(), cancellationToken);
    }

    /// <summary>A comment line: ignored by clients, keeps the connection and every proxy on the way awake.</summary>
    public static Task CommentAsync(HttpResponse response, string comment, CancellationToken cancellationToken) =>
        response.WriteAsync($": {comment}\n\n", cancellationToken);

    /// <summary>The id a client resumes after: the Last-Event-ID header (EventSource sends it when it reconnects),
    /// else a <c>lastEventId</c> query parameter (a first connection cannot set headers).</summary>
    public static long? LastEventId(HttpRequest request)
    {
        var text = request.Headers["Last-Event-ID"].FirstOrDefault() ?? request.Query["lastEventId"].FirstOrDefault();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
