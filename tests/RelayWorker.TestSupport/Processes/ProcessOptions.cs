namespace RelayWorker.TestSupport;

/// <summary>How <see cref="ManagedProcess"/> starts a program; every member is optional.</summary>
internal sealed record ProcessOptions
{
    /// <summary>Shown in exception messages, so a failure says which of its processes misbehaved.</summary>
    public string? Name { get; init; }

    /// <summary>Added to (or, with a null value, removed from) a copy of this process's environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>Written to the child's stdin, which is then closed. Without it stdin is closed at once.</summary>
    public string? StandardInput { get; init; }

    /// <summary>
    /// When set, stdout is copied into this stream as raw bytes (media) instead of being split into lines.
    /// The stream is flushed after every read so a reader of the file sees data as it arrives.
    /// </summary>
    public Stream? StandardOutputSink { get; init; }

    /// <summary>Time between SIGINT and SIGKILL when the process is stopped.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How many of the newest lines to keep; null keeps every line (tests assert on them). A long benchmark sets a
    /// limit so the worker's logs cannot grow the measuring process; a limited log still serves error messages.
    /// </summary>
    public int? RetainedLines { get; init; }

    /// <summary>Called on the reader thread for every stdout line, with the <see cref="MonotonicClock"/> time it arrived.</summary>
    public Action<string, long>? OnStandardOutputLine { get; init; }

    /// <summary>Called on the reader thread for every stderr line, with the <see cref="MonotonicClock"/> time it arrived.</summary>
    public Action<string, long>? OnStandardErrorLine { get; init; }
}
