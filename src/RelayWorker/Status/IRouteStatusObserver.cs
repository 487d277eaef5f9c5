using RelayWorker.Configuration;

namespace RelayWorker.Status;

/// <summary>
/// Sees what the registry's routes do (the event stream and the status page diff the snapshots it is given).
/// Called on the supervisor's paths, some under a route's lock: an implementation hands off and returns at once.
/// </summary>
internal interface IRouteStatusObserver
{
    /// <summary>A route published a new snapshot; <paramref name="before"/> is null for a route just added,
    /// <paramref name="after"/> null for a route just removed.</summary>
    void SnapshotChanged(RouteSnapshot? before, RouteSnapshot? after);

    /// <summary>The supervisor judged a configuration: it applies it when accepted and keeps the old one otherwise.</summary>
    void ConfigurationJudged(ConfigurationVerdict verdict);
}
