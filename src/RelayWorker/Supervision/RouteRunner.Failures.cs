namespace RelayWorker.Supervision;

internal sealed partial class RouteRunner
{
    /// <summary>
    /// A destination that fails the same way on every retry says so once a minute: ffmpeg's own lines for
    /// it are folded by the repeated-line limiter, and a retry loop must not look like silence.
    /// </summary>
    private void ReportRepeatedFailures(string routeName, DestinationTracker destinations)
    {
        var views = destinations.Views;
        for (var i = 0; i < views.Length; i++)
        {
            if (destinations.TakeFailureReport(i, out var since))
            {
                LogDestinationFailing(routeName, i, views[i].Failures, since, views[i].Cause ?? DestinationFailureCause.Failed,
                    views[i].LastError ?? "-", DestinationFailures.ReportInterval.TotalSeconds);
            }
        }
    }

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning,
        Message = "Route {Route}: destination {Destination} keeps failing ({Cause}): {Failures} attempts in a row, {Since} since the last report (at most one report per {IntervalSeconds} s); last error: {LastError}")]
    private partial void LogDestinationFailing(string route, int destination, int failures, int since, string cause, string lastError, double intervalSeconds);
}
