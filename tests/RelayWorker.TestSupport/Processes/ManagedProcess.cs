using System.Collections.Concurrent;
using System.Diagnostics;
using CliWrap;

namespace RelayWorker.TestSupport;

/// <summary>
/// One real child process, started through CliWrap from an argument list (never a shell, so nothing is re-quoted),
/// its output captured, signalled and finally stopped by its own PID: SIGINT through CliWrap's graceful cancellation,
/// then SIGKILL through its forceful one. Nothing here kills by name, so parallel tests, benchmarks and the
/// developer's own processes are never touched.
/// </summary>
internal sealed partial class ManagedProcess : IAsyncDisposable
{
    // A grandchild that inherited a pipe can keep it open after the child is gone; do not wait for it forever.
    private static readonly TimeSpan PipeDrainTimeout = TimeSpan.FromSeconds(2);

    // After SIGKILL the kernel ends the process at once; this only bounds a wait that should never be needed.
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    // Safety net: xunit abandons a test that hits its Timeout without running its `await using` disposals, and a
    // benchmark may end by an exception or Ctrl+C; whatever is still registered here is SIGKILLed on the way out.
    private static readonly ConcurrentDictionary<ManagedProcess, byte> Running = new();

    private readonly ProcessOptions _options;
    private readonly OutputLog _output;
    private readonly CancellationTokenSource _graceful = new();
    private readonly CancellationTokenSource _forceful = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exitCode = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task<int> _finished;
    private Process? _native;
    private long _stdoutBytes;
    private int _disposed;

    static ManagedProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    private ManagedProcess(string fileName, IEnumerable<string> arguments, ProcessOptions options)
    {
        _options = options;
        _output = new OutputLog(options.RetainedLines);
        Name = options.Name ?? Path.GetFileName(fileName);
        var command = Cli.Wrap(fileName)
            .WithArguments(arguments)
            .WithWorkingDirectory(options.WorkingDirectory ?? Environment.CurrentDirectory)
            .WithEnvironmentVariables(options.Environment ?? new Dictionary<string, string?>())
            .WithStandardInputPipe(options.StandardInput is { } input ? PipeSource.FromString(input) : PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.Create(PumpStandardOutputAsync))
            .WithStandardErrorPipe(PipeTarget.Create((stream, token) => PumpLinesAsync(stream, isError: true, _options.OnStandardErrorLine, token)))
            .WithValidation(CommandResultValidation.None);
        StartedAt = MonotonicClock.Now;
        // The overload that hands out the Process, so the exit is observed before CliWrap disposes it.
        var execution = command.ExecuteAsync(null, WatchExit, _forceful.Token, _graceful.Token);
        Pid = execution.ProcessId;
        _finished = FinishAsync(execution.Task);
        Running.TryAdd(this, 0);
    }

    public string Name { get; }

    public int Pid { get; }

    /// <summary><see cref="MonotonicClock"/> time just before the process was started.</summary>
    public long StartedAt { get; }

    /// <summary>True once the kernel has reported the process gone (its pipes may still be draining).</summary>
    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>The exit code once known (also after disposal); 128 + n when signal n ended it.</summary>
    public int? ExitCode => _exitCode.Task.IsCompletedSuccessfully ? _exitCode.Task.Result : null;

    /// <summary>Completes with the exit code once the process is gone and its output drained (or abandoned after a grace).</summary>
    public Task<int> Exited => _finished;

    public static ManagedProcess Start(string fileName, IEnumerable<string> arguments, ProcessOptions? options = null) =>
        new(fileName, arguments, options ?? new ProcessOptions());

    /// <summary>Sends a signal by PID; false when the process has already exited (so a reused PID is never hit).</summary>
    public bool Signal(int signal) => !HasExited && UnixSignal.Send(Pid, signal);

    /// <summary>SIGSTOP: the process keeps its sockets open but sends nothing, like a hung peer.</summary>
    public void Suspend() => Signal(UnixSignal.Stop);

    public void Resume() => Signal(UnixSignal.Continue);

    /// <summary>Waits for exit (then for the output pipes to drain, briefly); returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} (pid {Pid}) still runs after {timeout.TotalSeconds:0.#} s. Output:\n{OutputTail()}");
        }
        return await _finished.WaitAsync(KillTimeout);
    }

    /// <summary>
    /// SIGINT (CliWrap's graceful cancellation), up to <paramref name="gracePeriod"/> (default from the options) to
    /// exit, then SIGKILL (its forceful cancellation). Returns the exit code.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan? gracePeriod = null)
    {
        if (!HasExited)
        {
            await _graceful.CancelAsync();
            // A stopped process acts on SIGINT only once it is continued.
            Signal(UnixSignal.Continue);
            if (await Task.WhenAny(_exited.Task, Task.Delay(gracePeriod ?? _options.StopGracePeriod)) != _exited.Task)
            {
                await _forceful.CancelAsync();
            }
        }
        return await _finished.WaitAsync(KillTimeout);
    }

    /// <summary>SIGKILL at once (CliWrap's forceful cancellation): the process vanishes without cleaning up.</summary>
    public async Task<int> KillAsync()
    {
        if (!HasExited)
        {
            await _forceful.CancelAsync();
        }
        return await _finished.WaitAsync(KillTimeout);
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
        }
        _graceful.Dispose();
        _forceful.Dispose();
    }

    private static void KillAll()
    {
        foreach (var process in Running.Keys)
        {
            process.Signal(UnixSignal.Kill);
        }
    }

    // Runs synchronously right after the start, before CliWrap can dispose the Process: the exit is observed here
    // without reading anything from the Process later, when it may already be disposed.
    private void WatchExit(Process process)
    {
        _native = process;
        process.Exited += (_, _) => _exited.TrySetResult();
        if (process.HasExited)
        {
            _exited.TrySetResult();
        }
    }

    private async Task<int> FinishAsync(Task<CommandResult> execution)
    {
        var completed = ObserveAsync(execution);
        await _exited.Task;
        if (await Task.WhenAny(completed, Task.Delay(PipeDrainTimeout)) != completed)
        {
            // See PipeDrainTimeout: forceful cancellation also abandons the pipes, so CliWrap can finish.
            await _forceful.CancelAsync();
        }
        await completed;
        Running.TryRemove(this, out _);
        return await _exitCode.Task;
    }

    private static async Task ObserveAsync(Task<CommandResult> execution)
    {
        try
        {
            await execution;
        }
        catch (OperationCanceledException)
        {
            // The cancellation was ours (a stop or a kill); the exit code was recorded before CliWrap gave up the Process.
        }
    }
}
