namespace RelayWorker.IntegrationTests.Continuity;

/// <summary>Waits on a continuous route's switch log lines ("Route cam1 switched to primary (start)").</summary>
internal static class ContinuityWorker
{
    /// <summary>
    /// Until the primary is on air; returns the log line count from then on. At start the route waits FailbackAfter
    /// for its primary: on a loaded machine the primary's ingest may take longer than that to deliver, and the route
    /// opens on its backup or slate and takes the primary a moment later. Either way the primary ends up on air.
    /// </summary>
    public static async Task<int> WaitForPrimaryOnAirAsync(this WorkerProcess worker, string route, TimeSpan timeout)
    {
        await worker.WaitForLineAsync(l => l.Contains($"Route {route} switched to primary (", StringComparison.Ordinal), timeout);
        return worker.Lines().Count;
    }
}
