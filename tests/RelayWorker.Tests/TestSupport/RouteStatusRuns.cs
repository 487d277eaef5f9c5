using RelayWorker.Status;

namespace RelayWorker.Tests.TestSupport;

internal static class RouteStatusRuns
{
    /// <summary>What the runner does for a run with one destination: register it, then its child exists.</summary>
    public static void StartRun(this RouteStatus status, int processId, int destinations = 1)
    {
        status.RunStarting(destinations);
        status.ChildStarted(processId);
    }
}
