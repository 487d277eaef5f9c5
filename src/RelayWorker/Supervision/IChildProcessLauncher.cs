namespace RelayWorker.Supervision;

/// <summary>
/// The process boundary. Supervision logic is tested against a fake of this interface; the real
/// implementation starts ffmpeg and is tested against real servers.
/// </summary>
internal interface IChildProcessLauncher
{
    Task<IChildProcess> StartAsync(ChildProcessSpec spec, Action<string> onStdoutLine, Action<string> onStderrLine, CancellationToken cancellationToken);
}

internal sealed record ChildProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Niceness added to the child (0-19); 0 runs it at the worker's own priority.</summary>
    public int Niceness { get; init; }

    /// <summary>Writes the child's stdin until the child exits (the token is then cancelled); null gives it no stdin.
    /// A continuous route's output stage reads the spliced MPEG-TS there.</summary>
    public Func<Stream, CancellationToken, Task>? StandardInput { get; init; }

    /// <summary>Reads the child's stdout as bytes instead of lines (an ingest's MPEG-TS); the line callback then gets nothing.</summary>
    public Func<Stream, CancellationToken, Task>? StandardOutput { get; init; }
}

internal interface IChildProcess
{
    int ProcessId { get; }

    /// <summary>Completes with the exit code (128 + n when ended by signal n) once output is drained.</summary>
    Task<int> Exited { get; }

    /// <summary>SIGINT: ffmpeg finishes its outputs and exits 255.</summary>
    void Interrupt();

    /// <summary>SIGKILL.</summary>
    void Kill();
}
