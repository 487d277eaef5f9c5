using System.Collections.Concurrent;
using RelayWorker.Status;

namespace RelayWorker.Runs;

/// <summary>The run history of every route this replica reports. A route's history outlives its supervisor (a
/// reconfiguration or a manual restart replaces that) and is dropped once the route is gone from the status.</summary>
internal sealed class RunHistoryRegistry(RouteStatusRegistry routes, TimeProvider timeProvider)
{
    /// <summary>The route's one ffmpeg; processes added later (a standby source) get their own names.</summary>
    public const string MainProcess = "main";

    private readonly ConcurrentDictionary<string, RunHistory> _histories = new(StringComparer.OrdinalIgnoreCase);

    public RunHistory For(string route) => _histories.GetOrAdd(route, _ => new RunHistory());

    public RunHistory? Find(string route) => _histories.GetValueOrDefault(route);

    /// <summary>A run of <paramref name="process"/> of <paramref name="route"/> starts now.</summary>
    public RunRecording Begin(string route, string process)
    {
        DropRemovedRoutes();
        var history = For(route);
        var run = new RunRecording(history, process, timeProvider);
        history.Started(run);
        return run;
    }

    private void DropRemovedRoutes()
    {
        // Only when the dictionary outgrows the routes: a route removed from the configuration leaves its history
        // behind, and a worker whose routes churn must not collect them forever.
        if (_histories.Count <= routes.All.Count + 16)
        {
            return;
        }
        foreach (var name in _histories.Keys.Where(name => routes.Find(name) is null))
        {
            _histories.TryRemove(name, out _);
        }
    }
}
