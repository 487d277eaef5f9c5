using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>
/// A real child process started from an argument list (never a shell), its output drained so that it can never
/// block on a full pipe, and stopped by its own PID. A bounded tail of its output is kept for error messages only:
/// a ten-minute soak must not grow this process's memory with the worker's logs.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int TailLines = 60;

    // Whatever is still running when the benchmark exits (an exception, Ctrl+C) is SIGKILLed by PID.
    private static readonly ConcurrentDictionary<ChildProcess, byte> Running = new();

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly Task _stdout;
    private readonly Task _stderr;

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    private ChildProcess(Process process, ChildOptions options, long startedAt)
    {
        _process = process;
        Name = options.Name ?? Path.GetFileName(process.StartInfo.FileName);
        Pid = process.Id;
        StartedAt = startedAt;
        _stdout = PumpAsync(process.StandardOutput, options.OnStdoutLine);
        _stderr = PumpAsync(process.StandardError, options.OnStderrLine);
        Exited = WaitExitAsync();
        Running.TryAdd(this, 0);
    }

    public string Name { get; }

    public int Pid { get; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started.</summary>
    public long StartedAt { get; }

    /// <summary>Completes with the exit code (128 + n after signal n) once the process is gone and its pipes drained.</summary>
    public Task<int> Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    public string Tail => string.Join('\n', _tail);

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, ChildOptions? options = null)
    {
        options ??= new ChildOptions();
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = options.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in options.Environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(key);
            }
            else
            {
                startInfo.Environment[key] = value;
            }
        }
        var process = new Process { StartInfo = startInfo };
        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            process.Start();
            // ffmpeg is started with -nostdin; a closed stdin also stops anything else from waiting on a terminal.
            process.StandardInput.Close();
        }
        catch
        {
            process.Dispose();
            throw;
        }
        return new ChildProcess(process, options, startedAt);
    }

    /// <summary>Sends a signal by PID; false once the process has exited, so a reused PID is never hit.</summary>
    public bool Signal(int signal) => !HasExited && Posix.Kill(Pid, signal);

    /// <summary><paramref name="signal"/> (SIGTERM by default), then SIGKILL if the process outlives <paramref name="grace"/>.</summary>
    public async Task<int> StopAsync(int signal = Posix.SigTerm, TimeSpan? grace = null)
    {
        if (!HasExited)
        {
            Signal(signal);
            if (await Task.WhenAny(Exited, Task.Delay(grace ?? TimeSpan.FromSeconds(5))) != Exited)
            {
                Signal(Posix.SigKill);
            }
        }
        return await Exited;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Running.TryRemove(this, out _);
        _process.Dispose();
    }

    private static void KillAll()
    {
        foreach (var child in Running.Keys)
        {
            child.Signal(Posix.SigKill);
        }
    }

    private async Task<int> WaitExitAsync()
    {
        await _process.WaitForExitAsync();
        // A grandchild that inherited a pipe could hold it open; do not wait for it forever.
        await Task.WhenAny(Task.WhenAll(_stdout, _stderr), Task.Delay(TimeSpan.FromSeconds(2)));
        return _process.ExitCode;
    }

    private async Task PumpAsync(StreamReader reader, Action<string, long>? onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            var now = Stopwatch.GetTimestamp();
            _tail.Enqueue(line);
            while (_tail.Count > TailLines && _tail.TryDequeue(out _))
            {
            }
            onLine?.Invoke(line, now);
        }
    }
}
