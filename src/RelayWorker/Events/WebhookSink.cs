using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RelayWorker.Api;
using System.Threading.Channels;

namespace RelayWorker.Events;

/// <summary>
/// One webhook: a bounded queue that drops its oldest event when full (a dead receiver must cost neither memory
/// nor the newest events) and one task that posts each event, retrying with backoff. Nothing here runs on the
/// supervisor's paths: <see cref="Offer"/> only writes to the queue.
/// </summary>
internal sealed partial class WebhookSink : IAsyncDisposable
{
    private readonly Channel<RelayEvent> _queue;
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly string? _secret;
    private readonly WebhookSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _delivery;
    private long _dropped;
    private long _failed;
    private long _delivered;
    private bool _failing;

    public WebhookSink(string name, string url, string? secret, HttpClient http, WebhookSettings settings, TimeProvider time, ILogger logger)
    {
        Name = name;
        _url = new Uri(url, UriKind.Absolute);
        RedactedUrl = Redaction.SecretRedactor.RedactUrl(url);
        _secret = secret;
        _http = http;
        _settings = settings;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<RelayEvent>(
            new BoundedChannelOptions(settings.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref _dropped));
        _delivery = Task.Run(() => DeliverAllAsync(_stop.Token));
    }

    /// <summary>The <c>sink</c> label of its metrics: <c>webhook-&lt;index&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>What logs may say about the receiver.</summary>
    public string RedactedUrl { get; }

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events given up on after every try failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public long Delivered => Interlocked.Read(ref _delivered);

    public void Offer(RelayEvent relayEvent) => _queue.Writer.TryWrite(relayEvent);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await _delivery;
        }
        catch (OperationCanceledException)
        {
            // Stopped while posting or waiting to retry.
        }
        _stop.Dispose();
    }

    private async Task DeliverAllAsync(CancellationToken stop)
    {
        await foreach (var relayEvent in _queue.Reader.ReadAllAsync(stop))
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(relayEvent, RelayEventJsonContext.Default.RelayEvent);
            if (await DeliverAsync(relayEvent, body, stop))
            {
                Interlocked.Increment(ref _delivered);
                if (_failing)
                {
                    _failing = false;
                    LogRecovered(Name, RedactedUrl);
                }
            }
            else
            {
                Interlocked.Increment(ref _failed);
                if (!_failing)
                {
                    // Once per outage, not once per event: a dead receiver must not flood the log.
                    _failing = true;
                    LogFailing(Name, RedactedUrl, _settings.Attempts);
                }
            }
        }
    }

    private async Task<bool> DeliverAsync(RelayEvent relayEvent, byte[] body, CancellationToken stop)
    {
        var delay = _settings.FirstRetryDelay;
        for (var attempt = 1; attempt <= _settings.Attempts; attempt++)
        {
            if (await TryPostAsync(relayEvent, body, stop))
            {
                return true;
            }
            if (attempt < _settings.Attempts)
            {
                await Task.Delay(delay, _time, stop);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.MaxRetryDelay.Ticks));
            }
        }
        return false;
    }

    private async Task<bool> TryPostAsync(RelayEvent relayEvent, byte[] body, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        request.Headers.Add("X-Relay-Event", relayEvent.Kind);
        request.Headers.Add("X-Relay-Event-Id", relayEvent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_secret is not null)
        {
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Of(_secret, body));
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(_settings.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !stop.IsCancellationRequested))
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Webhook {Sink} ({Url}) is failing: an event was dropped after {Attempts} tries; later events are still tried")]
    private partial void LogFailing(string sink, string url, int attempts);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Webhook {Sink} ({Url}) accepts events again")]
    private partial void LogRecovered(string sink, string url);
}
