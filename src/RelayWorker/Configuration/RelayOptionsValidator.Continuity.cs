using System.Globalization;

namespace RelayWorker.Configuration;

public static partial class RelayOptionsValidator
{
    private static void ValidateFailover(FailoverOptions failover, ConfigurationProblems problems)
    {
        // Below a few frames a GOP-long encoder pause would count as a lost source.
        Duration(problems, failover.LossAfter, TimeSpan.FromMilliseconds(200), "Failover", "LossAfter");
        // Zero would let a flapping primary switch the route back and forth at its own pace.
        Duration(problems, failover.FailbackAfter, TimeSpan.FromSeconds(1), "Failover", "FailbackAfter");
    }

    private static void ValidateContinuity(string name, RouteOptions route, ConfigurationProblems problems)
    {
        for (var i = 0; i < route.Backups.Count; i++)
        {
            var key = ConfigurationProblems.Key("Routes", name, "Backups", i.ToString(CultureInfo.InvariantCulture));
            var backup = route.Backups[i];
            // A backup is always pulled: a route listens on its Source address only.
            foreach (var why in EndpointRules.SourceProblems(backup, listen: false))
            {
                problems.Add(key, why);
            }
            if (string.Equals(backup, route.Source, StringComparison.Ordinal) || route.Backups.Take(i).Contains(backup, StringComparer.Ordinal))
            {
                problems.Add(key, "the same URL as the source or an earlier backup; a backup must be another source");
            }
        }
        foreach (var why in SlateRules.Problems(route.Slate))
        {
            problems.Add(ConfigurationProblems.Key("Routes", name, "Slate"), why);
        }
    }
}
