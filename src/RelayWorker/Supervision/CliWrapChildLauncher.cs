using CliWrap;

namespace RelayWorker.Supervision;

/// <summary>
/// Starts ffmpeg through CliWrap with an argument list (no shell), wrapped in
/// <c>setpriv --pdeathsig KILL</c> so the kernel kills it if the worker dies, even by SIGKILL.
/// </summary>
internal sealed partial class CliWrapChildLauncher(SpawnThread spawnThread, ILogger<CliWrapChildLauncher> logger) : IChildProcessLauncher
{
    private const string SetprivPath = "/usr/bin/setpriv";
    private const string SetsidPath = "/usr/bin/setsid";
    private readonly bool _hasSetpriv = File.Exists(SetprivPath);
    private readonly bool _hasSetsid = File.Exists(SetsidPath);
    private int _warnedNoSetpriv;

    public async Task<IChildProcess> StartAsync(ChildProcessSpec spec, Action<string> onStdoutLine, Action<string> onStderrLine, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var command = BuildCommand(spec, onStdoutLine, onStderrLine);
        var task = await spawnThread.Run(() => command.ExecuteAsync(CancellationToken.None));
        return new CliWrapChildProcess(task);
    }

    private Command BuildCommand(ChildProcessSpec spec, Action<string> onStdoutLine, Action<string> onStderrLine)
    {
        string fileName;
        IEnumerable<string> arguments;
        if (_hasSetpriv)
        {
            // setpriv and setsid both exec (neither forks: a fresh child is no group leader), so the pid we
            // signal is ffmpeg's own. setsid keeps a terminal's Ctrl+C away from the children: only the worker
            // decides when they stop, so shutdown never races a child that already died of the same SIGINT.
            fileName = SetprivPath;
            arguments = _hasSetsid
                ? ["--pdeathsig", "KILL", "--", SetsidPath, spec.FileName, .. spec.Arguments]
                : ["--pdeathsig", "KILL", "--", spec.FileName, .. spec.Arguments];
        }
        else
        {
            if (Interlocked.Exchange(ref _warnedNoSetpriv, 1) == 0)
            {
                LogNoSetpriv(SetprivPath);
            }
            fileName = spec.FileName;
            arguments = spec.Arguments;
        }
        return Cli.Wrap(fileName)
            .WithArguments(arguments)
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(onStdoutLine))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(onStderrLine))
            .WithValidation(CommandResultValidation.None);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "{SetprivPath} not found: children are started directly and could outlive a worker that is killed")]
    private partial void LogNoSetpriv(string setprivPath);

    private sealed class CliWrapChildProcess(CommandTask<CommandResult> task) : IChildProcess
    {
        public int ProcessId { get; } = task.ProcessId;

        public Task<int> Exited { get; } = WaitExit(task);

        public void Interrupt()
        {
            if (!Exited.IsCompleted)
            {
                PosixSignals.Send(ProcessId, PosixSignals.SigInt);
            }
        }

        public void Kill()
        {
            if (!Exited.IsCompleted)
            {
                PosixSignals.Send(ProcessId, PosixSignals.SigKill);
            }
        }

        private static async Task<int> WaitExit(CommandTask<CommandResult> task) => (await task).ExitCode;
    }
}
