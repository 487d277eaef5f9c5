using System.Threading.Channels;

namespace RelayWorker.Events;

/// <summary>
/// One reader of the event stream: the events it missed (from the ring) and the live ones after them. A reader that
/// falls <see cref="EventHub.SubscriberBuffer"/> events behind is cut off (<see cref="Overflowed"/>) rather than
/// allowed to grow memory or slow the hub; it resumes with the id of the last event it has.
/// </summary>
internal sealed class EventSubscription : IDisposable
{
    private readonly Channel<RelayEvent> _live;
    private readonly Action<EventSubscription> _leave;

    public EventSubscription(IReadOnlyList<RelayEvent> backlog, bool missedSome, int buffer, Action<EventSubscription> leave)
    {
        Backlog = backlog;
        MissedSome = missedSome;
        _leave = leave;
        _live = Channel.CreateBounded<RelayEvent>(new BoundedChannelOptions(buffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Events after the id the reader gave, oldest first.</summary>
    public IReadOnlyList<RelayEvent> Backlog { get; }

    /// <summary>The reader asked to resume after an event the ring no longer holds: some events are lost to it.</summary>
    public bool MissedSome { get; }

    public ChannelReader<RelayEvent> Live => _live.Reader;

    public bool Overflowed { get; private set; }

    /// <summary>Called by the hub under its lock; never blocks.</summary>
    internal bool Offer(RelayEvent relayEvent)
    {
        if (_live.Writer.TryWrite(relayEvent))
        {
            return true;
        }
        Overflowed = true;
        _live.Writer.TryComplete();
        return false;
    }

    public void Dispose()
    {
        _live.Writer.TryComplete();
        _leave(this);
    }
}
