using System.Net;

namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>One route as a user configures it: a name, a source and one destination (profile copy, the default).</summary>
internal sealed record WorkerRoute(string Name, string Source, string Destination);

/// <summary>
/// The Release worker as the benchmarks run it: from a private copy of the build (see
/// <see cref="RepositoryLayout.WorkerSnapshot"/>), configured only through environment variables exactly as the
/// README's Configuration section spells them, with only the tail of its logs kept.
/// </summary>
internal static class BenchmarkWorker
{
    private const int RetainedLines = 60;

    /// <summary>
    /// Starts the worker with <paramref name="routes"/> and more Relay__ <paramref name="settings"/> (e.g.
    /// Relay__Restart__MaxDelay). <paramref name="onLogLine"/> sees every line the worker logs (to stdout).
    /// <paramref name="launchThrough"/> is a command that execs the worker (see <see cref="WorkerLaunch.LaunchThrough"/>);
    /// <paramref name="worker"/> the build to run, the native <see cref="RepositoryLayout.WorkerSnapshot"/> when null.
    /// </summary>
    public static WorkerProcess Start(
        IEnumerable<WorkerRoute> routes, IReadOnlyDictionary<string, string>? settings = null, Action<string>? onLogLine = null,
        IReadOnlyList<string>? launchThrough = null, string? worker = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            environment[$"Relay__Routes__{route.Name}__Source"] = route.Source;
            environment[$"Relay__Routes__{route.Name}__Destinations__0"] = route.Destination;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        return WorkerProcess.Start(environment, launch: new WorkerLaunch
        {
            Assembly = worker ?? RepositoryLayout.WorkerSnapshot,
            RetainedLines = RetainedLines,
            OnLogLine = onLogLine is null ? null : (line, _) => onLogLine(line),
            LaunchThrough = launchThrough,
        });
    }

    /// <summary>Waits for /healthz/live to answer 200; returns the monotonic time it first did.</summary>
    public static async Task<long> WaitUntilLiveAsync(this WorkerProcess worker, TimeSpan timeout)
    {
        await worker.WaitForHttpAsync("healthz/live", HttpStatusCode.OK, timeout);
        return MonotonicClock.Now;
    }

    /// <summary>Restarts summed over every route, by reason (from restartsByReason in /api/routes).</summary>
    public static async Task<SortedDictionary<string, long>> RestartsByReasonAsync(this WorkerProcess worker)
    {
        var totals = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var route in await worker.RoutesAsync())
        {
            foreach (var reason in route.GetProperty("restartsByReason").EnumerateObject())
            {
                totals[reason.Name] = totals.GetValueOrDefault(reason.Name) + reason.Value.GetInt64();
            }
        }
        return totals;
    }
}
