using System.Net;
using System.Net.Http.Headers;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Console;

[Collection(RelayMeterGroup.Name)]
public sealed class ConsoleEndpointTests
{
    private static readonly string[] Routes =
    [
        "Relay__Routes__cam1__Source=rtmp://alice:s3cretPW@src:1935/live/cam1",
        "Relay__Routes__cam1__Destinations__0=srt://sink:8890?streamid=publish:cam1:bob:streamidpw&passphrase=canary-passphrase-123",
        "Relay__Routes__cam1__Destinations__1=rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl",
        "Relay__Routes__cam2__Source=rtmp://src:1935/live/cam2",
        "Relay__Routes__cam2__Destinations__0=srt://sink:8891",
        "Relay__Routes__cam2__Enabled=false",
    ];

    [Fact(Timeout = 30_000)]
    public async Task Page_RendersEveryRouteServerSide_WithSecretsRedacted()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        await host.WaitForChildAsync(1);

        var (status, body, contentType) = await host.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/html", contentType);
        Assert.Contains("data-route=\"cam1\"", body, StringComparison.Ordinal);
        Assert.Contains("data-route=\"cam2\" data-state=\"Disabled\"", body, StringComparison.Ordinal);
        Assert.Contains("rtmp://***@src:1935/live/cam1", body, StringComparison.Ordinal);
        foreach (var secret in new[] { "s3cretPW", "streamidpw", "canary-passphrase-123", "abcd-efgh-ijkl" })
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("{{", body, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Page_AnswersHead_WithTheHeadersOfGetAndNoBody()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);

        using var response = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/", UriKind.Relative)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task Assets_AreServedFromTheAssemblyWithAnETag()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);

        using var first = await host.Client.GetAsync(new Uri("/console/console.js", UriKind.Relative));
        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/console.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await host.Client.SendAsync(again);
        var (missing, _, _) = await host.GetAsync("/console/nothing.js");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/javascript", first.Content.Headers.ContentType?.MediaType);
        Assert.Contains("EventSource", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact(Timeout = 30_000)]
    public async Task Events_ResumeAfterLastEventId_WithTheNextId()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        await host.WaitForChildAsync(1);

        var all = await ReadEventsAsync(host, "/api/events?lastEventId=0", lastEventId: null, count: 4);
        var resumed = await ReadEventsAsync(host, "/api/events", lastEventId: all[1].Id, count: 2);

        Assert.Equal([1L, 2L, 3L, 4L], all.Select(e => e.Id));
        Assert.Equal("configuration", all[0].Name);
        Assert.Contains("\"accepted\":true", all[0].Data, StringComparison.Ordinal);
        Assert.Equal([3L, 4L], resumed.Select(e => e.Id));
        Assert.Equal(all[2].Data, resumed[0].Data);
    }

    [Fact(Timeout = 30_000)]
    public async Task Feed_StartsWithEveryRouteAsTheApiShowsIt()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        await host.WaitForChildAsync(1);

        var first = (await ReadEventsAsync(host, "/console/feed", lastEventId: null, count: 1))[0];

        Assert.Equal("routes", first.Name);
        using var json = System.Text.Json.JsonDocument.Parse(first.Data);
        Assert.Equal(["cam1", "cam2"], json.RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal("rtmp://***@src:1935/live/cam1", json.RootElement[0].GetProperty("source").GetString());
    }

    private sealed record ServerEvent(long? Id, string Name, string Data);

    /// <summary>Reads the first <paramref name="count"/> events of a stream, then hangs up.</summary>
    private static async Task<List<ServerEvent>> ReadEventsAsync(RelayTestHost host, string path, long? lastEventId, int count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<ServerEvent>();
        long? eventId = null;
        string? name = null;
        string? data = null;
        while (events.Count < count && await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null && data is not null)
                {
                    events.Add(new ServerEvent(eventId, name, data));
                }
                (eventId, name, data) = (null, null, null);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                eventId = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
        return events;
    }
}
