using RelayWorker.Configuration;
using RelayWorker.Status;

namespace RelayWorker.Events;

/// <summary>
/// Every event of this process, numbered. It watches the route registry (snapshot changes arrive under the
/// route's lock, so the work here is a diff and hand-offs that never block) and a one-second tick for what
/// changes with the clock alone (a running route turning Frozen). It keeps the newest <see cref="Capacity"/>
/// events in a ring for readers that resume with Last-Event-ID.
/// </summary>
internal sealed class EventHub : IRouteStatusObserver, IDisposable
{
    public const int Capacity = 1000;

    /// <summary>How far a live reader may fall behind before it is cut off to resume later.</summary>
    public const int SubscriberBuffer = 1000;

    /// <summary>How often states that follow the clock (Frozen, Slow) are looked at again.</summary>
    public static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly RelayEvent[] _ring;
    private readonly Dictionary<string, ShownRoute> _shown = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EventSubscription> _subscribers = [];
    private readonly List<Action<RelayEvent>> _sinks = [];
    private readonly RouteStatusRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ITimer _tick;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _start;
    private int _count;
    private long _lastId;

    public EventHub(RouteStatusRegistry registry, TimeProvider time, int capacity = Capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new RelayEvent[capacity];
        _registry = registry;
        _time = time;
        registry.Observer = this;
        _tick = time.CreateTimer(_ => Tick(), null, TickPeriod, TickPeriod);
    }

    /// <summary>The id of the newest event; 0 before the first.</summary>
    public long LastId
    {
        get
        {
            lock (_gate)
            {
                return _lastId;
            }
        }
    }

    /// <summary>Completes at the next snapshot any route publishes (progress included): the status page's feed waits on it.</summary>
    public Task NextChange => Volatile.Read(ref _changed).Task;

    /// <summary>A configuration was accepted; webhooks follow it. Raised before its configuration event is published.</summary>
    public event Action<RelayOptions>? ConfigurationAccepted;

    /// <summary>Adds a receiver of every event from now on (a webhook queue); it is called under the hub's lock and must not block.</summary>
    public void AddSink(Action<RelayEvent> sink)
    {
        lock (_gate)
        {
            _sinks.Add(sink);
        }
    }

    public void SnapshotChanged(RouteSnapshot? before, RouteSnapshot? after)
    {
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        var now = _time.GetUtcNow();
        var name = (after ?? before)!.Name;
        lock (_gate)
        {
            var shown = _shown.GetValueOrDefault(name);
            foreach (var relayEvent in SnapshotDiff.Between(before, after, shown, now))
            {
                Append(relayEvent, now);
            }
            if (after is null)
            {
                _shown.Remove(name);
            }
            else
            {
                _shown[name] = ShownRoute.Of(after, now);
            }
        }
    }

    public void ConfigurationJudged(ConfigurationVerdict verdict)
    {
        if (verdict.Accepted)
        {
            ConfigurationAccepted?.Invoke(verdict.Options);
        }
        Publish(new RelayEvent
        {
            Kind = RelayEventKind.Configuration,
            Accepted = verdict.Accepted,
            Problems = verdict.Accepted ? null : verdict.Problems.All,
        });
    }

    public void Publish(RelayEvent relayEvent)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            Append(relayEvent, now);
        }
    }

    /// <summary>
    /// Starts a reader. <paramref name="lastEventId"/> null: live events only. An id the ring still covers: the
    /// events after it first. An id above the newest (the worker restarted since): everything the ring holds.
    /// </summary>
    public EventSubscription Subscribe(long? lastEventId)
    {
        lock (_gate)
        {
            var backlog = new List<RelayEvent>();
            var missed = false;
            if (lastEventId is { } after)
            {
                var from = after > _lastId ? 0 : after;
                for (var i = 0; i < _count; i++)
                {
                    var relayEvent = _ring[(_start + i) % _ring.Length];
                    if (relayEvent.Id > from)
                    {
                        backlog.Add(relayEvent);
                    }
                }
                var oldest = _count == 0 ? _lastId + 1 : _ring[_start].Id;
                missed = from + 1 < oldest;
            }
            var subscription = new EventSubscription(backlog, missed, SubscriberBuffer, Leave);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>The events the ring holds, oldest first.</summary>
    public IReadOnlyList<RelayEvent> Recent()
    {
        lock (_gate)
        {
            return [.. Enumerable.Range(0, _count).Select(i => _ring[(_start + i) % _ring.Length])];
        }
    }

    /// <summary>Looks at every route again for what changed with the clock alone; the timer calls it every second.</summary>
    public void Tick()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var (name, shown) in _shown.ToList())
            {
                // Read under the hub's lock: a newer snapshot waiting to be diffed is then already counted as shown.
                if (_registry.Find(name)?.Snapshot is not { } current)
                {
                    continue;
                }
                var changes = SnapshotDiff.ShownChanges(current, shown, now).ToList();
                foreach (var relayEvent in changes)
                {
                    Append(relayEvent, now);
                }
                if (changes.Count > 0)
                {
                    _shown[name] = ShownRoute.Of(current, now);
                }
            }
        }
    }

    public void Dispose()
    {
        _tick.Dispose();
        if (_registry.Observer == this)
        {
            _registry.Observer = null;
        }
    }

    private void Append(RelayEvent relayEvent, DateTimeOffset now)
    {
        var numbered = relayEvent with { Id = ++_lastId, Time = now };
        if (_count < _ring.Length)
        {
            _ring[(_start + _count) % _ring.Length] = numbered;
            _count++;
        }
        else
        {
            _ring[_start] = numbered;
            _start = (_start + 1) % _ring.Length;
        }
        // A reader too slow to keep up is cut off here and resumes from the ring, never holding the hub back.
        _subscribers.RemoveAll(subscriber => !subscriber.Offer(numbered));
        foreach (var sink in _sinks)
        {
            sink(numbered);
        }
    }

    private void Leave(EventSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }
}
