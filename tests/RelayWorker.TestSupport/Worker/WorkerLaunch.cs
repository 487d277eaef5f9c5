namespace RelayWorker.TestSupport;

/// <summary>How <see cref="WorkerProcess.Start"/> runs the worker beyond its configuration; every member is optional.</summary>
internal sealed record WorkerLaunch
{
    /// <summary>The worker to run: the native executable, or a RelayWorker.dll to run on `dotnet`; <see cref="RepositoryLayout.Worker"/> when null.</summary>
    public string? Assembly { get; init; }

    /// <summary>Sees every line the worker logs (to stdout), with the <see cref="MonotonicClock"/> time it arrived.</summary>
    public Action<string, long>? OnLogLine { get; init; }

    /// <summary>How many of the newest output lines to keep; null keeps all (see <see cref="ProcessOptions.RetainedLines"/>).</summary>
    public int? RetainedLines { get; init; }

    /// <summary>
    /// A command the worker is started through, e.g. <c>["/usr/bin/nice", "-n", "10"]</c> to place it (and so every
    /// child it forks) behind other processes in the CPU queue. It must exec what follows it, so that the PID is
    /// the worker's own and its children are found under it.
    /// </summary>
    public IReadOnlyList<string>? LaunchThrough { get; init; }

    /// <summary>Arguments after the worker's own <c>--urls</c>, e.g. <c>--cache-ffmpeg-capabilities</c>.</summary>
    public IReadOnlyList<string>? Arguments { get; init; }
}
