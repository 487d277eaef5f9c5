using System.Globalization;
using System.Net;
using System.Text.Json;

namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>
/// The Release worker as a real process (`dotnet RelayWorker.dll --urls http://127.0.0.1:&lt;port&gt;`), configured
/// only through environment variables exactly as DESIGN.md spells them. Its logs are drained, not kept.
/// </summary>
internal sealed class WorkerHost : IAsyncDisposable
{
    private readonly ScratchDirectory _directory;
    private readonly ChildProcess _process;
    private readonly HttpClient _http;

    private WorkerHost(ScratchDirectory directory, ChildProcess process, int port)
    {
        _directory = directory;
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Pid => _process.Pid;

    /// <summary>Monotonic time just before the worker process was started.</summary>
    public long StartedAt => _process.StartedAt;

    public bool HasExited => _process.HasExited;

    public string Tail => _process.Tail;

    /// <summary>
    /// Starts the worker with <paramref name="routes"/> and more Relay__ <paramref name="settings"/> (e.g.
    /// Relay__Restart__MaxDelay). <paramref name="onLogLine"/> sees every line the worker logs (to stdout).
    /// </summary>
    public static WorkerHost Start(IEnumerable<WorkerRoute> routes, IReadOnlyDictionary<string, string>? settings = null, Action<string>? onLogLine = null)
    {
        var assembly = RepositoryLayout.WorkerAssembly;
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        // A developer's shell must not add routes to a measurement: drop every inherited Relay setting.
        foreach (var key in Environment.GetEnvironmentVariables().Keys.OfType<string>())
        {
            if (key.StartsWith("Relay__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Relay:", StringComparison.OrdinalIgnoreCase))
            {
                environment[key] = null;
            }
        }
        foreach (var route in routes)
        {
            environment[$"Relay__Routes__{route.Name}__Source"] = route.Source;
            environment[$"Relay__Routes__{route.Name}__Destinations__0"] = route.Destination;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        var directory = ScratchDirectory.Create("worker");
        var port = FreePort.Tcp();
        var process = ChildProcess.Start(
            "dotnet",
            [assembly, "--urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")],
            new ChildOptions
            {
                Name = "worker",
                Environment = environment,
                WorkingDirectory = directory.Path,
                OnStdoutLine = onLogLine is null ? null : (line, _) => onLogLine(line),
            });
        return new WorkerHost(directory, process, port);
    }

    /// <summary>Waits for /healthz/live to answer 200; returns the monotonic time it first did.</summary>
    public async Task<long> WaitUntilLiveAsync(TimeSpan timeout)
    {
        long? liveAt = null;
        await Poll.UntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    return true;
                }
                try
                {
                    using var response = await _http.GetAsync(new Uri("healthz/live", UriKind.Relative));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        liveAt = MonotonicClock.Now;
                        return true;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
                return false;
            },
            timeout);
        return liveAt ?? throw new InvalidOperationException($"the worker did not become live:\n{_process.Tail}");
    }

    /// <summary>The worker's ffmpeg children (setpriv and setsid exec, so they are its direct children named ffmpeg).</summary>
    public IReadOnlyList<int> FfmpegChildren() => _process.HasExited ? [] : ProcFs.ChildrenNamed(_process.Pid, "ffmpeg");

    /// <summary>GET /api/routes, parsed: one element per route.</summary>
    public async Task<IReadOnlyList<JsonElement>> RoutesAsync()
    {
        var json = await _http.GetStringAsync(new Uri("api/routes", UriKind.Relative));
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(route => route.Clone())];
    }

    /// <summary>Restarts summed over every route, by reason (from restartsByReason in /api/routes).</summary>
    public async Task<SortedDictionary<string, long>> RestartsByReasonAsync()
    {
        var totals = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var route in await RoutesAsync())
        {
            foreach (var reason in route.GetProperty("restartsByReason").EnumerateObject())
            {
                totals[reason.Name] = totals.GetValueOrDefault(reason.Name) + reason.Value.GetInt64();
            }
        }
        return totals;
    }

    /// <summary>SIGTERM, as an orchestrator stops it; the worker then stops its children itself.</summary>
    public async ValueTask DisposeAsync()
    {
        var children = FfmpegChildren();
        await _process.StopAsync(Posix.SigTerm, TimeSpan.FromSeconds(15));
        await _process.DisposeAsync();
        // The worker promises that no child outlives it; if one did, it must not outlive the benchmark either.
        foreach (var child in children.Where(pid => ProcFs.Stat(pid) is { IsZombie: false, Name: "ffmpeg" }))
        {
            Console.Error.WriteLine($"warning: ffmpeg pid {child} outlived the worker; killing it");
            Posix.Kill(child, Posix.SigKill);
        }
        _http.Dispose();
        _directory.Dispose();
    }
}
