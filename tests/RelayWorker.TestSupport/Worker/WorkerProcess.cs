using System.Globalization;
using System.Net;
using System.Text.Json;

namespace RelayWorker.TestSupport;

/// <summary>
/// The service under test as a real process (the native `RelayWorker --urls http://127.0.0.1:&lt;port&gt;`), so
/// signals, exit codes, child processes and configuration reload behave exactly as in production. Its working
/// directory (= content root) is a fresh temp dir where a test may place appsettings.json.
/// </summary>
internal sealed partial class WorkerProcess : IAsyncDisposable
{
    public const string AppSettingsFileName = "appsettings.json";

    // Longer than any StopTimeout a test configures: the worker must get the chance to stop its children itself.
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _directory;
    private readonly ManagedProcess _process;
    private int _disposed;

    private WorkerProcess(TempDirectory directory, ManagedProcess process, int port)
    {
        _directory = directory;
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        HttpClient = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>Bound to <see cref="BaseAddress"/>; owned (and disposed) by this fixture.</summary>
    public HttpClient HttpClient { get; }

    public string WorkingDirectory => _directory.Path;

    public int Pid => _process.Pid;

    public ManagedProcess Process => _process;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the worker printed (its logs go to stdout), one line per '\n'.</summary>
    public string Output => _process.AllOutput;

    public IReadOnlyList<string> Lines(int from = 0) => _process.Lines(from);

    public string OutputTail(int count = 40) => _process.OutputTail(count);

    /// <summary><see cref="MonotonicClock"/> time just before the worker process was started.</summary>
    public long StartedAt => _process.StartedAt;

    /// <summary>
    /// Starts the built worker. <paramref name="environment"/> is added to a copy of this process's environment
    /// from which every Relay__ variable has been removed, so a developer's shell cannot leak routes into a test.
    /// <paramref name="appSettingsJson"/>, when given, is written to the content root before the start.
    /// Returns at once: a caller decides what to wait for (HTTP, a log line, or an exit).
    /// </summary>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string>? environment = null, string? appSettingsJson = null, WorkerLaunch? launch = null)
    {
        var assembly = launch?.Assembly ?? RepositoryLayout.Worker;
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} does not exist; build the solution first.");
        }
        // A RelayWorker.dll runs on `dotnet`; the native (ahead-of-time compiled) worker is its own executable.
        string[] command = assembly.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", assembly] : [assembly];
        string[] launchLine = [.. launch?.LaunchThrough ?? [], .. command];
        return StartCommand(
            launchLine[0],
            port => [.. launchLine.Skip(1), "--urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"), .. launch?.Arguments ?? []],
            environment,
            appSettingsJson,
            launch);
    }

    /// <summary>The same start path with any command, so the fixture itself can be tested without the service.</summary>
    internal static WorkerProcess StartCommand(
        string fileName,
        Func<int, IEnumerable<string>> arguments,
        IReadOnlyDictionary<string, string>? environment,
        string? appSettingsJson,
        WorkerLaunch? launch = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var directory = TempDirectory.Create("worker");
        try
        {
            if (appSettingsJson is not null)
            {
                File.WriteAllText(directory.File(AppSettingsFileName), appSettingsJson);
            }
            var port = FreePort.Tcp();
            var process = ManagedProcess.Start(
                fileName,
                arguments(port),
                new ProcessOptions
                {
                    Name = "worker",
                    Environment = EnvironmentFor(environment),
                    WorkingDirectory = directory.Path,
                    StopGracePeriod = StopGracePeriod,
                    RetainedLines = launch?.RetainedLines,
                    OnStandardOutputLine = launch?.OnLogLine,
                });
            return new WorkerProcess(directory, process, port);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The changes ManagedProcess applies to its inherited environment: Relay__* removed, no capability cache unless the
    /// test sets one (a worker that read the cache lists ffmpeg 10 s after its start, five short-lived ffmpeg children
    /// a test counting its route's children would see, and the user's cache directory is no place for a test to
    /// write), the test's added.
    /// </summary>
    internal static Dictionary<string, string?> EnvironmentFor(IReadOnlyDictionary<string, string>? environment)
    {
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var key in System.Environment.GetEnvironmentVariables().Keys.OfType<string>())
        {
            // .NET binds configuration keys case-insensitively, and "Relay:" is the other spelling of "Relay__".
            if (key.StartsWith("Relay__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Relay:", StringComparison.OrdinalIgnoreCase))
            {
                changes[key] = null;
            }
        }
        changes["Relay__CapabilityCache"] = "";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            changes[key] = value;
        }
        return changes;
    }

    /// <summary>
    /// Replaces appsettings.json atomically (write aside, then rename): the reload watcher can never read a
    /// half-written file, which would make the reload fail rather than test it.
    /// </summary>
    public async Task WriteAppSettingsAsync(string json)
    {
        var temporary = _directory.File(AppSettingsFileName + ".tmp");
        await File.WriteAllTextAsync(temporary, json);
        File.Move(temporary, _directory.File(AppSettingsFileName), overwrite: true);
    }

    public Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, int fromLine = 0) =>
        _process.WaitForLineAsync(predicate, timeout, fromLine);

    /// <summary>
    /// Polls GET <paramref name="path"/> until it answers <paramref name="expectedStatus"/> and returns the body.
    /// Fails at once, with the worker's output, if the worker exits meanwhile.
    /// </summary>
    public async Task<string> WaitForHttpAsync(string path, HttpStatusCode expectedStatus, TimeSpan timeout)
    {
        string? body = null;
        HttpStatusCode? lastStatus = null;
        var answered = await Poll.TryUntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    return true;
                }
                try
                {
                    using var response = await HttpClient.GetAsync(new Uri(path, UriKind.Relative));
                    lastStatus = response.StatusCode;
                    if (response.StatusCode != expectedStatus)
                    {
                        return false;
                    }
                    body = await response.Content.ReadAsStringAsync();
                    return true;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            timeout);
        if (body is not null)
        {
            return body;
        }
        var why = answered ? $"exited with code {_process.ExitCode}" : $"last answered {lastStatus?.ToString() ?? "nothing"}";
        throw new InvalidOperationException(
            $"The worker did not answer {(int)expectedStatus} on {path} within {timeout.TotalSeconds:0.#} s; it {why}. Output:\n{_process.OutputTail()}");
    }

    /// <summary>
    /// The worker's live direct children. The worker starts each ffmpeg through `setpriv … -- ffmpeg`, and setpriv
    /// execs, so these carry the name "ffmpeg" (see <see cref="ProcFs.Name"/>).
    /// </summary>
    public IReadOnlyList<int> ChildPids() => _process.HasExited ? [] : ProcFs.Children(Pid);

    /// <summary>The worker's ffmpeg children (setpriv and setsid exec, so they are direct children named ffmpeg).</summary>
    public IReadOnlyList<int> FfmpegChildren() => _process.HasExited ? [] : ProcFs.ChildrenNamed(Pid, "ffmpeg");

    /// <summary>GET /api/routes, parsed: one element per route.</summary>
    public async Task<IReadOnlyList<JsonElement>> RoutesAsync()
    {
        var json = await HttpClient.GetStringAsync(new Uri("api/routes", UriKind.Relative));
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(route => route.Clone())];
    }

    public bool Signal(int signal) => _process.Signal(signal);

    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // Remember the children (with their start times, so a reused PID is never hit) before stopping the worker:
        // if it leaves one behind despite its own guarantees, the test run must not inherit it.
        var children = ChildPids().Select(pid => (Pid: pid, Started: ProcFs.StartTime(pid))).ToList();
        try
        {
            await _process.DisposeAsync();
        }
        finally
        {
            var leftovers = children.Where(child => IsSameLiveProcess(child.Pid, child.Started)).ToList();
            foreach (var (pid, _) in leftovers)
            {
                UnixSignal.Send(pid, UnixSignal.Kill);
            }
            // kill() only queues the signal; wait until the kernel has actually ended them.
            await Poll.TryUntilAsync(() => leftovers.All(child => !IsSameLiveProcess(child.Pid, child.Started)), TimeSpan.FromSeconds(5));
            HttpClient.Dispose();
            _directory.Dispose();
        }
    }

    private static bool IsSameLiveProcess(int pid, long? started) =>
        started is not null && ProcFs.StartTime(pid) == started && ProcFs.IsAlive(pid);
}
