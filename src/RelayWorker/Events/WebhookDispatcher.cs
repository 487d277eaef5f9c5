using System.Diagnostics.Metrics;
using System.Globalization;
using RelayWorker.Configuration;

namespace RelayWorker.Events;

/// <summary>
/// Keeps one <see cref="WebhookSink"/> per configured webhook, replaced when an accepted configuration changes
/// them, and hands every event of the hub to each. Counts per sink survive a reconfiguration, so the counters
/// never go down.
/// </summary>
internal sealed class WebhookDispatcher : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly HttpClient _http;
    private readonly WebhookSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookSink> _logger;
    private readonly Dictionary<string, (long Dropped, long Failed)> _retired = new(StringComparer.Ordinal);
    private List<WebhookSink> _sinks = [];
    private IReadOnlyList<(string? Url, string? Secret)> _configured = [];

    public WebhookDispatcher(EventHub hub, IMeterFactory meters, TimeProvider time, ILogger<WebhookSink> logger, WebhookSettings? settings = null)
    {
        _settings = settings ?? WebhookSettings.Default;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var meter = meters.Create(Telemetry.RelayMetrics.MeterName);
        meter.CreateObservableCounter("relay_events_dropped", () => Counts(c => c.Dropped),
            description: "Events a webhook's full queue dropped (the oldest first), by sink.");
        meter.CreateObservableCounter("relay_events_failed", () => Counts(c => c.Failed),
            description: "Events a webhook gave up on after every retry failed, by sink.");
        hub.ConfigurationAccepted += Configure;
        hub.AddSink(Offer);
    }

    /// <summary>The sinks in use, for tests and metrics.</summary>
    public IReadOnlyList<WebhookSink> Sinks
    {
        get
        {
            lock (_gate)
            {
                return [.. _sinks];
            }
        }
    }

    public void Configure(RelayOptions options)
    {
        var wanted = options.Events.Webhooks.Select(w => (w.Url, w.Secret)).ToList();
        List<WebhookSink> retired;
        lock (_gate)
        {
            if (wanted.SequenceEqual(_configured))
            {
                return;
            }
            retired = _sinks;
            foreach (var sink in retired)
            {
                var (dropped, failed) = _retired.GetValueOrDefault(sink.Name);
                _retired[sink.Name] = (dropped + sink.Dropped, failed + sink.Failed);
            }
            _configured = wanted;
            _sinks = [.. wanted.Select((w, i) => new WebhookSink(
                string.Create(CultureInfo.InvariantCulture, $"webhook-{i}"), w.Url!, w.Secret, _http, _settings, _time, _logger))];
        }
        // Events still queued for a replaced receiver are not delivered: the operator changed where they go.
        _ = Task.WhenAll(retired.Select(sink => sink.DisposeAsync().AsTask()));
    }

    public async ValueTask DisposeAsync()
    {
        List<WebhookSink> sinks;
        lock (_gate)
        {
            sinks = _sinks;
            _sinks = [];
        }
        await Task.WhenAll(sinks.Select(sink => sink.DisposeAsync().AsTask()));
        _http.Dispose();
    }

    private void Offer(RelayEvent relayEvent)
    {
        lock (_gate)
        {
            foreach (var sink in _sinks)
            {
                sink.Offer(relayEvent);
            }
        }
    }

    private IEnumerable<Measurement<long>> Counts(Func<(long Dropped, long Failed), long> pick)
    {
        lock (_gate)
        {
            var totals = new Dictionary<string, (long Dropped, long Failed)>(_retired, StringComparer.Ordinal);
            foreach (var sink in _sinks)
            {
                var (dropped, failed) = totals.GetValueOrDefault(sink.Name);
                totals[sink.Name] = (dropped + sink.Dropped, failed + sink.Failed);
            }
            return [.. totals.Select(t => new Measurement<long>(pick(t.Value), new KeyValuePair<string, object?>("sink", t.Key)))];
        }
    }
}
