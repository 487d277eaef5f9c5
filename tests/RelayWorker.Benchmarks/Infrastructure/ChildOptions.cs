namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>How <see cref="ChildProcess"/> starts a program; every member is optional.</summary>
internal sealed record ChildOptions
{
    /// <summary>Shown in messages, so a failure says which of the benchmark's processes misbehaved.</summary>
    public string? Name { get; init; }

    /// <summary>Added to (or, with a null value, removed from) a copy of this process's environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>Called on the reader thread for every stdout line, with the monotonic time it arrived.</summary>
    public Action<string, long>? OnStdoutLine { get; init; }

    /// <summary>Called on the reader thread for every stderr line, with the monotonic time it arrived.</summary>
    public Action<string, long>? OnStderrLine { get; init; }
}
