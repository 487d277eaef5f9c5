using System.Collections.Concurrent;

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

    public RouteStatus? Find(string name) => _routes.GetValueOrDefault(name);

    public RouteStatus GetOrAdd(string name, Func<string, RouteStatus> create) => _routes.GetOrAdd(name, create);

    public void Remove(string name) => _routes.TryRemove(name, out _);
}
