using RelayWorker.Media;

namespace RelayWorker.Supervision;

/// <summary>
/// What must change to bring the running routes to the desired set, like a controller's diff: routes
/// that are new start, removed ones stop, changed ones restart, and unchanged ones are not touched.
/// </summary>
internal sealed record ReconcilePlan(IReadOnlyList<RouteDefinition> Start, IReadOnlyList<string> Stop, IReadOnlyList<RouteDefinition> Restart)
{
    public bool IsEmpty => Start.Count == 0 && Stop.Count == 0 && Restart.Count == 0;

    public static ReconcilePlan Compute(IReadOnlyDictionary<string, RouteDefinition> running, IReadOnlyDictionary<string, RouteDefinition> desired)
    {
        var start = desired.Values.Where(d => !running.ContainsKey(d.Name)).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var stop = running.Keys.Where(name => !desired.ContainsKey(name)).Order(StringComparer.Ordinal).ToList();
        var restart = desired.Values
            .Where(d => running.TryGetValue(d.Name, out var current) && !current.Equals(d))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
        return new ReconcilePlan(start, stop, restart);
    }
}
