namespace RelayWorker.Supervision;

internal sealed partial class RouteRunner
{
    /// <summary>
    /// A destination that fails the same way on every retry says so once a minute: ffmpeg's own lines for
    /// it are folded by the repeated-line limiter, and a retry loop must not look like silence.
    /// </summary>
    private void ReportRepeatedFailures(string routeName, DestinationTracker destinations)
    {
        var failures = destinations.Failures;
        for (var i = 0; i < failures.Consecutive.Count; i++)
        {
            if (failures.TakeReport(i, out var since))
            {
                LogDestinationFailing(routeName, i, failures.Consecutive[i], since, failures.Causes[i] ?? DestinationFailureCause.Failed,
                    destinations.Errors[i] ?? "-", DestinationFailures.ReportInterval.TotalSeconds);
            }
        }
    }

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning,
        Message = "Route {Route}: destination {Destination} keeps failing ({Cause}): {Failures} attempts in a row, {Since} since the last report (at most one report per {IntervalSeconds} s); last error: {LastError}")]
    private partial void LogDestinationFailing(string route, int destination, int failures, int since, string cause, string lastError, double intervalSeconds);
}
