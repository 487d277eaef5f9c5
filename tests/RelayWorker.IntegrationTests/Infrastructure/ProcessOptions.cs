namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>How <see cref="ManagedProcess"/> starts a program; every member is optional.</summary>
internal sealed record ProcessOptions
{
    /// <summary>Shown in exception messages, so a failing test says which of its processes misbehaved.</summary>
    public string? Name { get; init; }

    /// <summary>Added to (or, with a null value, removed from) a copy of this test process's environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>Written to the child's stdin, which is then closed. Without it stdin is closed at once.</summary>
    public string? StandardInput { get; init; }

    /// <summary>
    /// When set, stdout is copied into this stream as raw bytes (media) instead of being split into lines.
    /// The stream is flushed after every read so a reader of the file sees data as it arrives.
    /// </summary>
    public Stream? StandardOutputSink { get; init; }

    /// <summary>Time between SIGTERM and SIGKILL when the process is stopped.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(3);
}
