using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RelayWorker.Tests.Events;

/// <summary>
/// A real HTTP server on a free loopback port that records every POST to /hook. <see cref="Answer"/> decides each
/// reply and may hold a request as long as a test wants, as a slow receiver would.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Delivery> _received = Channel.CreateUnbounded<Delivery>();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Func<Delivery, Task<int>> Answer { get; set; } = _ => Task.FromResult(StatusCodes.Status204NoContent);

    public string Url { get; private set; } = "";

    /// <summary>Every request, accepted or not, in arrival order.</summary>
    public ChannelReader<Delivery> Received => _received.Reader;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var delivery = new Delivery(
                body.ToArray(),
                context.Request.Headers["X-Relay-Signature"].ToString(),
                context.Request.Headers["X-Relay-Event"].ToString(),
                context.Request.ContentType ?? "");
            receiver._received.Writer.TryWrite(delivery);
            return Results.StatusCode(await receiver.Answer(delivery));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = address + "/hook";
        return receiver;
    }

    public async Task<Delivery> NextAsync() => await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One POST as the receiver saw it.</summary>
internal sealed record Delivery(byte[] Body, string Signature, string Kind, string ContentType)
{
    public long Id => System.Text.Json.JsonDocument.Parse(Body).RootElement.GetProperty("id").GetInt64();
}
