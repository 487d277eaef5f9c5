using System.Collections.Concurrent;
using RelayWorker.Configuration;

namespace RelayWorker.Status;

/// <summary>The status of every route this replica reports: running, backing off, or disabled.</summary>
internal sealed class RouteStatusRegistry
{
    private readonly ConcurrentDictionary<string, RouteStatus> _routes = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<RouteStatus> All => [.. _routes.Values.OrderBy(r => r.Name, StringComparer.Ordinal)];

    /// <summary>One consistent snapshot of every route, in name order.</summary>
    public IReadOnlyList<RouteSnapshot> Snapshots => [.. _routes.Values.Select(r => r.Snapshot).OrderBy(r => r.Name, StringComparer.Ordinal)];

    public int ConfiguredCount { get; set; }

    public int OwnedCount { get; set; }

    /// <summary>Told of every route's changes; set once, before the supervisor starts.</summary>
    public IRouteStatusObserver? Observer { get; set; }

    public RouteStatus? Find(string name) => _routes.GetValueOrDefault(name);

    public RouteStatus GetOrAdd(string name, Func<string, RouteStatus> create)
    {
        var added = false;
        var status = _routes.GetOrAdd(name, n =>
        {
            added = true;
            return create(n);
        });
        if (added && status.Changed is null)
        {
            status.Changed = (before, after) => Observer?.SnapshotChanged(before, after);
            Observer?.SnapshotChanged(null, status.Snapshot);
        }
        return status;
    }

    public void Remove(string name)
    {
        if (_routes.TryRemove(name, out var status))
        {
            status.Changed = null;
            Observer?.SnapshotChanged(status.Snapshot, null);
        }
    }

    /// <summary>The supervisor's verdict on a configuration, passed on to the observer.</summary>
    public void ConfigurationJudged(ConfigurationVerdict verdict) => Observer?.ConfigurationJudged(verdict);
}
