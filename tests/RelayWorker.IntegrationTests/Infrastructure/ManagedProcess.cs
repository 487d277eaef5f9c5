using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// One real child process: started from an argument list (never a shell, so nothing is re-quoted), its output
/// captured for assertions, signalled and finally stopped by its own PID. Nothing here kills by name, so
/// parallel tests and the developer's own processes are never touched.
/// </summary>
internal sealed class ManagedProcess : IAsyncDisposable
{
    // A grandchild that inherited a pipe can keep it open after the child is gone; do not wait for it forever.
    private static readonly TimeSpan PipeDrainTimeout = TimeSpan.FromSeconds(2);

    // Safety net: xunit abandons a test that hits its Timeout without running its `await using` disposals
    // before the run may end, so whatever is still registered here is SIGKILLed when the test process exits.
    private static readonly ConcurrentDictionary<ManagedProcess, byte> Running = new();

    private readonly Process _process;
    private readonly OutputLog _output = new();
    private readonly Stream? _stdoutSink;
    private readonly TimeSpan _stopGracePeriod;
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private readonly Task _stdinWriter;
    private long _stdoutBytes;
    private int? _exitCode;
    private int _disposed;

    static ManagedProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Keys)
        {
            process.Signal(UnixSignal.Kill);
        }
    };

    private ManagedProcess(Process process, ProcessOptions options)
    {
        _process = process;
        _stdoutSink = options.StandardOutputSink;
        _stopGracePeriod = options.StopGracePeriod;
        Name = options.Name ?? Path.GetFileName(process.StartInfo.FileName);
        Pid = process.Id;
        _stdoutPump = _stdoutSink is null ? PumpLinesAsync(process.StandardOutput, isError: false) : PumpBytesAsync(process.StandardOutput.BaseStream, _stdoutSink);
        _stderrPump = PumpLinesAsync(process.StandardError, isError: true);
        _stdinWriter = WriteInputAsync(process.StandardInput, options.StandardInput);
        Running.TryAdd(this, 0);
    }

    public string Name { get; }

    public int Pid { get; }

    // After disposal the Process object can no longer be asked, but the process is then known to be gone.
    public bool HasExited => _exitCode is not null || _process.HasExited;

    /// <summary>The exit code once the process has exited (also after disposal); 128 + n when signal n ended it.</summary>
    public int? ExitCode => _exitCode ?? (_process.HasExited ? _process.ExitCode : null);

    /// <summary>stdout and stderr lines interleaved in arrival order, joined with '\n'.</summary>
    public string AllOutput => _output.Text();

    public string StandardOutput => _output.Text(stderr: false);

    public string StandardError => _output.Text(stderr: true);

    public int LineCount => _output.Count;

    /// <summary>Bytes copied to <see cref="ProcessOptions.StandardOutputSink"/> so far.</summary>
    public long StandardOutputBytes => Interlocked.Read(ref _stdoutBytes);

    public IReadOnlyList<string> Lines(int from = 0) => _output.Lines(from);

    public string OutputTail(int count = 40) => _output.Tail(count);

    public static ManagedProcess Start(string fileName, IEnumerable<string> arguments, ProcessOptions? options = null)
    {
        options ??= new ProcessOptions();
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
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }
        return new ManagedProcess(process, options);
    }

    /// <summary>Sends a signal by PID; false when the process has already exited (so a reused PID is never hit).</summary>
    public bool Signal(int signal) => !HasExited && UnixSignal.Send(Pid, signal);

    /// <summary>SIGSTOP: the process keeps its sockets open but sends nothing, like a hung peer.</summary>
    public void Suspend() => Signal(UnixSignal.Stop);

    public void Resume() => Signal(UnixSignal.Continue);

    /// <summary>
    /// Waits for a line (from index <paramref name="fromLine"/> on) that satisfies <paramref name="predicate"/>
    /// and returns it. Fails at once, with the output tail, if the process exits without printing it.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, int fromLine = 0)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var deadline = DateTime.UtcNow + timeout;
        var next = fromLine;
        while (true)
        {
            // Read the exit state before the lines so that lines printed just before exit are still seen.
            var finished = HasExited && _stdoutPump.IsCompleted && _stderrPump.IsCompleted;
            var lines = _output.Lines(next);
            foreach (var line in lines)
            {
                if (predicate(line))
                {
                    return line;
                }
            }
            next += lines.Count;
            if (finished)
            {
                throw new InvalidOperationException(
                    $"{Name} (pid {Pid}) exited with code {ExitCode} without printing the expected line. Output:\n{OutputTail()}");
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(
                    $"{Name} (pid {Pid}) did not print the expected line within {timeout.TotalSeconds:0.#} s. Output:\n{OutputTail()}");
            }
            await Task.Delay(Poll.Interval);
        }
    }

    /// <summary>Waits for exit and for the output pipes to drain; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        if (_exitCode is { } known)
        {
            return known;
        }
        using (var deadline = new CancellationTokenSource(timeout))
        {
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"{Name} (pid {Pid}) still runs after {timeout.TotalSeconds:0.#} s. Output:\n{OutputTail()}");
            }
        }
        await DrainAsync();
        _exitCode = _process.ExitCode;
        return _exitCode.Value;
    }

    /// <summary>SIGTERM, up to <paramref name="gracePeriod"/> (default from the options) to exit, then SIGKILL.</summary>
    public async Task<int> StopAsync(TimeSpan? gracePeriod = null)
    {
        if (_exitCode is { } known)
        {
            return known;
        }
        if (!_process.HasExited)
        {
            // A stopped process cannot act on SIGTERM until it is continued.
            Signal(UnixSignal.Terminate);
            Signal(UnixSignal.Continue);
            try
            {
                return await WaitForExitAsync(gracePeriod ?? _stopGracePeriod);
            }
            catch (TimeoutException)
            {
                Signal(UnixSignal.Kill);
            }
        }
        return await WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            await StopAsync();
        }
        finally
        {
            Running.TryRemove(this, out _);
            _process.Dispose();
        }
    }

    private async Task DrainAsync()
    {
        try
        {
            await Task.WhenAll(_stdoutPump, _stderrPump, _stdinWriter).WaitAsync(PipeDrainTimeout);
        }
        catch (TimeoutException)
        {
            // See PipeDrainTimeout: a lingering grandchild must not hang the test; the output is complete enough.
        }
    }

    private async Task PumpLinesAsync(StreamReader reader, bool isError)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            _output.Add(isError, line);
        }
    }

    private async Task PumpBytesAsync(Stream source, Stream sink)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer)) > 0)
        {
            await sink.WriteAsync(buffer.AsMemory(0, read));
            await sink.FlushAsync();
            Interlocked.Add(ref _stdoutBytes, read);
        }
    }

    private static async Task WriteInputAsync(StreamWriter writer, string? input)
    {
        try
        {
            if (input is not null)
            {
                await writer.WriteAsync(input);
            }
            writer.Close();
        }
        catch (IOException)
        {
            // The child exited without reading its input; its exit code tells the test what happened.
        }
    }
}
