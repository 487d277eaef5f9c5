namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>A fresh directory under /tmp per server or worker, so nothing is shared with tests running beside us.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    private ScratchDirectory(string path) => Path = path;

    public string Path { get; }

    public static ScratchDirectory Create(string prefix) =>
        new(Directory.CreateTempSubdirectory($"relayworker-bench-{prefix}-").FullName);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover directory in /tmp must not hide the figures of a finished run.
        }
    }
}
