using System.Diagnostics;
using CliWrap;

namespace RelayWorker.Supervision;

/// <summary>
/// Starts ffmpeg through CliWrap with an argument list (no shell), wrapped in
/// <c>setpriv --pdeathsig KILL</c> so the kernel kills it if the worker dies, even by SIGKILL.
/// Progress lines on stdout go to the one <see cref="ProgressPipeReader"/> of all children.
/// Stops go through CliWrap's own cancellation: graceful sends SIGINT (ffmpeg closes its outputs), forceful
/// kills the process.
/// </summary>
internal sealed partial class CliWrapChildLauncher(SpawnThread spawnThread, ProgressPipeReader progressReader, ILogger<CliWrapChildLauncher> logger)
    : IChildProcessLauncher
{
    private const string SetprivPath = "/usr/bin/setpriv";
    private const string SetsidPath = "/usr/bin/setsid";
    private const string NicePath = "/usr/bin/nice";
    private readonly bool _hasSetpriv = File.Exists(SetprivPath);
    // A session of their own keeps a terminal's Ctrl+C away from the children; without a terminal (a container, a
    // service, the tests) they stay in the worker's session, where the kernel's autogroup schedules worker and
    // children as one group and ChildNiceness orders them within it (BENCHMARKS.md, "Many routes").
    private readonly bool _hasSetsid = File.Exists(SetsidPath) && ControllingTerminal.Exists();
    private readonly bool _hasNice = File.Exists(NicePath);
    private int _warnedNoSetpriv;

    public async Task<IChildProcess> StartAsync(ChildProcessSpec spec, Action<string> onStdoutLine, Action<string> onStderrLine, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var command = BuildCommand(spec, onStdoutLine, onStderrLine);
        var child = new CliWrapChildProcess();
        // The fork happens inside ExecuteAsync, so it must run on the spawn thread (see SpawnThread).
        var niceAutogroup = spec.Niceness > 0 && _hasSetsid && _hasSetpriv;
        var task = await spawnThread.Run(() =>
        {
            var started = command.ExecuteAsync(null, child.Attach, child.Forceful, child.Graceful);
            if (niceAutogroup)
            {
                AutogroupNice.TryApply(started.ProcessId, spec.Niceness);
            }
            return started;
        });
        child.Watch(task);
        return child;
    }

    private Command BuildCommand(ChildProcessSpec spec, Action<string> onStdoutLine, Action<string> onStderrLine)
    {
        // nice execs too: ffmpeg runs behind the worker in the CPU queue, so under full load (many routes starting)
        // the worker still spawns, supervises and answers its probes promptly (BENCHMARKS.md, "Many routes").
        string[] program = spec.Niceness > 0 && _hasNice
            ? [NicePath, "-n", spec.Niceness.ToString(System.Globalization.CultureInfo.InvariantCulture), spec.FileName, .. spec.Arguments]
            : [spec.FileName, .. spec.Arguments];
        string[] command;
        if (_hasSetpriv)
        {
            // setpriv and setsid both exec (neither forks: a fresh child is no group leader), so the pid we
            // signal is ffmpeg's own. setsid, used when there is a terminal, keeps its Ctrl+C away from the
            // children: only the worker decides when they stop, so shutdown never races a child that already died
            // of the same SIGINT.
            command = _hasSetsid
                ? [SetprivPath, "--pdeathsig", "KILL", "--", SetsidPath, .. program]
                : [SetprivPath, "--pdeathsig", "KILL", "--", .. program];
        }
        else
        {
            if (Interlocked.Exchange(ref _warnedNoSetpriv, 1) == 0)
            {
                LogNoSetpriv(SetprivPath);
            }
            command = program;
        }
        return Cli.Wrap(command[0])
            .WithArguments(command[1..])
            .WithStandardInputPipe(spec.StandardInput is { } writeInput ? PipeSource.Create(writeInput) : PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.Create(spec.StandardOutput ?? ((output, token) => progressReader.ReadLinesAsync(output, onStdoutLine, token))))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(onStderrLine))
            .WithValidation(CommandResultValidation.None);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "{SetprivPath} not found: children are started directly and could outlive a worker that is killed")]
    private partial void LogNoSetpriv(string setprivPath);

    // The token sources are disposed when the run completes (CompleteAsync), not by an owner.
#pragma warning disable CA1001
    private sealed class CliWrapChildProcess : IChildProcess
#pragma warning restore CA1001
    {
        private readonly CancellationTokenSource _graceful = new();
        private readonly CancellationTokenSource _forceful = new();
        private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<int> _exitCode = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private static readonly TimeSpan ExitCodeWait = TimeSpan.FromSeconds(1);

        public CancellationToken Graceful => _graceful.Token;

        public CancellationToken Forceful => _forceful.Token;

        public int ProcessId { get; private set; }

        public Task<int> Exited => _exited.Task;

        /// <summary>
        /// CliWrap reports a cancelled run as an exception, without the exit code; the code is read here, from
        /// the process's own exit event, before CliWrap disposes the process.
        /// </summary>
        public void Attach(Process process)
        {
            ProcessId = process.Id;
            process.Exited += (_, _) => _exitCode.TrySetResult(process.ExitCode);
        }

        public void Watch(CommandTask<CommandResult> task)
        {
            ProcessId = task.ProcessId;
            _ = CompleteAsync(task);
        }

        public void Interrupt() => Cancel(_graceful);

        public void Kill() => Cancel(_forceful);

        private void Cancel(CancellationTokenSource source)
        {
            if (!Exited.IsCompleted)
            {
                try
                {
                    source.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The run already ended.
                }
            }
        }

        private async Task CompleteAsync(CommandTask<CommandResult> task)
        {
            try
            {
                _exited.TrySetResult((await task).ExitCode);
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
                // Stopped through a cancellation: the code from the exit event, whose handler runs right after
                // CliWrap's own. -1 if the process never reported one (a kill CliWrap gave up waiting on).
                await ((Task)_exitCode.Task.WaitAsync(ExitCodeWait)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                _exited.TrySetResult(_exitCode.Task.IsCompletedSuccessfully ? _exitCode.Task.Result : -1);
            }
            catch (Exception e)
            {
                _exited.TrySetException(e);
            }
            finally
            {
                _graceful.Dispose();
                _forceful.Dispose();
            }
        }
    }
}
