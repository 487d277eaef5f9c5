using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using RelayWorker.Configuration;
using RelayWorker.Events;
using RelayWorker.Status;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Events;

[Collection(RelayMeterGroup.Name)]
public sealed class WebhookDeliveryTests : IAsyncDisposable
{
    private const string Secret = "webhook-signing-secret";

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly EventHub _hub = new(new RouteStatusRegistry(), TimeProvider.System);

    [Fact(Timeout = 30_000)]
    public async Task Event_IsPostedAsJsonWithAnHmacSha256SignatureOfTheExactBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var dispatcher = Dispatcher(new WebhookSettings());
        dispatcher.Configure(Options(receiver.Url, Secret));

        _hub.Publish(new RelayEvent { Kind = RelayEventKind.Restart, Route = "cam1", Reason = RestartReason.Killed, Restarts = 1 });

        var delivery = await receiver.NextAsync();
        Assert.Equal("application/json", delivery.ContentType.Split(';')[0]);
        Assert.Equal("restart", delivery.Kind);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), delivery.Body));
        Assert.Equal(expected, delivery.Signature);
        var json = Encoding.UTF8.GetString(delivery.Body);
        Assert.Contains("\"route\":\"cam1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"killed\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, json, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Webhook_WithoutSecret_IsSentUnsigned()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var dispatcher = Dispatcher(new WebhookSettings());
        dispatcher.Configure(Options(receiver.Url, secret: null));

        _hub.Publish(new RelayEvent { Kind = RelayEventKind.Configuration, Accepted = true });

        Assert.Equal("", (await receiver.NextAsync()).Signature);
    }

    [Fact(Timeout = 30_000)]
    public async Task FailedPost_IsRetriedWithBackoffUntilTheReceiverTakesIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var answers = new Queue<int>([500, 503, 200]);
        receiver.Answer = _ => Task.FromResult(answers.Dequeue());
        await using var dispatcher = Dispatcher(new WebhookSettings { FirstRetryDelay = TimeSpan.FromMilliseconds(20), Attempts = 5 });
        dispatcher.Configure(Options(receiver.Url, Secret));

        _hub.Publish(new RelayEvent { Kind = RelayEventKind.Configuration, Accepted = true });

        var tries = new[] { await receiver.NextAsync(), await receiver.NextAsync(), await receiver.NextAsync() };
        Assert.All(tries, t => Assert.Equal(1, t.Id));
        var sink = Assert.Single(dispatcher.Sinks);
        await Eventually.True(() => sink.Delivered == 1, "the third try to count as delivered");
        Assert.Equal(0, sink.Failed);
    }

    [Fact(Timeout = 30_000)]
    public async Task SlowReceiver_FullQueueDropsTheOldestAndCountsThem()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Answer = async _ =>
        {
            await release.Task;
            return 200;
        };
        using var dropped = new MetricCollector<long>(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "RelayWorker", "relay_events_dropped");
        await using var dispatcher = Dispatcher(new WebhookSettings { QueueCapacity = 3, Attempts = 1 });
        dispatcher.Configure(Options(receiver.Url, Secret));

        _hub.Publish(new RelayEvent { Kind = RelayEventKind.Configuration, Accepted = true });
        var first = await receiver.NextAsync();
        // Event 1 is held by the receiver; 2..10 meet a queue of 3.
        for (var i = 0; i < 9; i++)
        {
            _hub.Publish(new RelayEvent { Kind = RelayEventKind.Configuration, Accepted = true });
        }
        var sink = Assert.Single(dispatcher.Sinks);
        Assert.Equal(6, sink.Dropped);
        release.SetResult();

        var rest = new[] { await receiver.NextAsync(), await receiver.NextAsync(), await receiver.NextAsync() };
        Assert.Equal(1, first.Id);
        Assert.Equal([8L, 9L, 10L], rest.Select(d => d.Id));
        dropped.RecordObservableInstruments();
        var measurement = dropped.LastMeasurement!;
        Assert.Equal(6, measurement.Value);
        Assert.Equal("webhook-0", measurement.Tags["sink"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task DeadReceiver_DoesNotHoldThePublisherBack()
    {
        // Nothing listens on this port: every try fails at once, and publishing must not wait for any of it.
        await using var dispatcher = Dispatcher(new WebhookSettings { QueueCapacity = 10, FirstRetryDelay = TimeSpan.FromSeconds(30) });
        dispatcher.Configure(Options($"http://127.0.0.1:{ClosedPort()}/hook", Secret));

        for (var i = 0; i < 100; i++)
        {
            _hub.Publish(new RelayEvent { Kind = RelayEventKind.Configuration, Accepted = true });
        }

        var sink = Assert.Single(dispatcher.Sinks);
        Assert.Equal(100, _hub.LastId);
        // Ten wait and the rest were dropped, oldest first; one more may already be in its sender's hands (being
        // retried), depending on whether the sender took the first event before the others arrived.
        Assert.InRange(sink.Dropped, 89, 90);
    }

    public async ValueTask DisposeAsync()
    {
        _hub.Dispose();
        await _services.DisposeAsync();
    }

    private WebhookDispatcher Dispatcher(WebhookSettings settings) =>
        new(_hub, _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), TimeProvider.System, NullLogger<WebhookSink>.Instance, settings);

    private static RelayOptions Options(string url, string? secret)
    {
        var options = new RelayOptions();
        options.Events.Webhooks.Add(new WebhookOptions { Url = url, Secret = secret });
        return options;
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
