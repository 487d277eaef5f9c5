namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>
/// One ffmpeg run to completion, with its progress and its own CPU read from /proc at `progress=end` (the last
/// moment the process can still be read; the few milliseconds of teardown after it are not counted here, but
/// they are in the totals the callers take from this process's reaped-children accounting).
/// </summary>
internal sealed class FfmpegRun : IAsyncDisposable
{
    private readonly ManagedProcess _process;
    private double? _cpuAtEnd;

    private FfmpegRun(string label, IReadOnlyList<string> arguments)
    {
        Label = label;
        Progress = new FfmpegProgress { OnEnd = () => _cpuAtEnd = ProcFs.Stat(_process!.Pid)?.CpuSeconds };
        _process = ManagedProcess.Start("ffmpeg", arguments, new ProcessOptions
        {
            Name = label,
            RetainedLines = 60,
            OnStandardOutputLine = (line, _) => Progress.Feed(line),
        });
    }

    public string Label { get; }

    public FfmpegProgress Progress { get; }

    public int Pid => _process.Pid;

    public long StartedAt => _process.StartedAt;

    public double? CpuSeconds => _cpuAtEnd;

    public string Tail => _process.OutputTail();

    public static FfmpegRun Start(string label, IReadOnlyList<string> arguments) => new(label, arguments);

    /// <summary>Waits for the exit; returns the exit code and the monotonic time it was seen.</summary>
    public async Task<(int ExitCode, long EndedAt)> WaitAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_process.Exited, Task.Delay(timeout));
        if (finished != _process.Exited)
        {
            await _process.KillAsync();
            throw new TimeoutException($"{Label} (pid {Pid}) did not finish within {timeout.TotalSeconds:0} s:\n{_process.OutputTail()}");
        }
        var code = await _process.Exited;
        return (code, MonotonicClock.Now);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
