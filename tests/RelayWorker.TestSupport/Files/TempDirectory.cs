namespace RelayWorker.TestSupport;

/// <summary>A fresh directory per fixture, so parallel tests never share config files, captures or logs.</summary>
internal sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path) => Path = path;

    public string Path { get; }

    public static TempDirectory Create(string prefix) =>
        new(Directory.CreateTempSubdirectory($"relayworker-{prefix}-").FullName);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived its fixture may still hold a file; a leftover in /tmp must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
