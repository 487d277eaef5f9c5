using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RelayWorker.IntegrationTests.Relay;

namespace RelayWorker.IntegrationTests.Faults;

/// <summary>What the fault tests read from a worker beyond <see cref="WorkerApi"/>: its starts, restarts and uptime.</summary>
internal static partial class FaultWorker
{
    /// <summary>The name of the small custom profile <see cref="SmallProfile"/> defines.</summary>
    public const string SmallProfileName = "small";

    // The worker logs this for every child it starts; the JSON format quotes the route name.
    [GeneratedRegex(@"Route (?:\\"")?(?<route>[A-Za-z0-9_.-]+)(?:\\"")?: ffmpeg started, pid (?<pid>\d+)")]
    private static partial Regex StartedLine();

    [GeneratedRegex(@"restarting \(\w+\) in (?<ms>\d+) ms")]
    private static partial Regex RestartingLine();

    /// <summary>
    /// A 320x240, 25 fps, 300 kbit/s custom profile for the route: a test-pattern source has nothing to copy and
    /// would otherwise be encoded at 720p25, which two shared cores cannot afford for every test.
    /// </summary>
    public static RouteEnvironment SmallProfile(this RouteEnvironment environment, params string[] routes)
    {
        environment
            .Set($"Relay__Profiles__{SmallProfileName}__Width", "320")
            .Set($"Relay__Profiles__{SmallProfileName}__Height", "240")
            .Set($"Relay__Profiles__{SmallProfileName}__Fps", "25")
            .Set($"Relay__Profiles__{SmallProfileName}__VideoKbps", "300");
        foreach (var route in routes)
        {
            environment.Set($"Relay__Routes__{route}__Profile", SmallProfileName);
        }
        return environment;
    }

    /// <summary>A test pattern at the size of every fixture in this suite.</summary>
    public static string TestPattern(string name) => $"testsrc://{name}?size=320x240&rate=25";

    /// <summary>Every child pid the worker has logged starting for <paramref name="route"/> (all routes when null), in order.</summary>
    public static IReadOnlyList<int> StartedPids(this WorkerProcess worker, string? route = null, int fromLine = 0) =>
        [.. worker.Lines(fromLine)
            .Select(line => StartedLine().Match(line))
            .Where(m => m.Success && (route is null || m.Groups["route"].Value == route))
            .Select(m => int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture))];

    /// <summary>The delay of every restart the worker has logged since <paramref name="fromLine"/>, in milliseconds.</summary>
    public static IReadOnlyList<int> RestartDelays(this WorkerProcess worker, int fromLine = 0) =>
        [.. worker.Lines(fromLine)
            .Select(line => RestartingLine().Match(line))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture))];

    public static int Restarts(this JsonElement route, string reason) =>
        route.GetProperty("restartsByReason").TryGetProperty(reason, out var count) ? count.GetInt32() : 0;

    /// <summary>The route's current child pid from the API, or null while none runs.</summary>
    public static int? Pid(this JsonElement route) =>
        route.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.Number ? pid.GetInt32() : null;

    public static double UptimeSeconds(this JsonElement route) => route.GetProperty("uptimeSeconds").GetDouble();

    public static string? State(this JsonElement route) => route.GetProperty("state").GetString();

    /// <summary>p50, p95 and max of a set of durations, for the figures a test prints.</summary>
    public static string Summary(IReadOnlyCollection<TimeSpan> samples)
    {
        var sorted = samples.Select(t => t.TotalMilliseconds).Order().ToList();
        double Percentile(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        return $"n={sorted.Count} p50={Percentile(0.5):0} ms p95={Percentile(0.95):0} ms max={sorted[^1]:0} ms";
    }
}
