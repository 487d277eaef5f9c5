namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>
/// Where the built worker is. The benchmarks run it exactly as it is deployed (`dotnet RelayWorker.dll`), from the
/// same configuration this program was built in, which <c>dotnet run -c Release</c> makes Release.
/// </summary>
internal static class RepositoryLayout
{
    private const string SolutionFile = "RelayWorker.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    private static readonly Lazy<string> LazySnapshot = new(SnapshotWorker);

    public static string Root => LazyRoot.Value;

    /// <summary>"Release" or "Debug": the folder after "bin" in this program's own output path.</summary>
    public static string Configuration
    {
        get
        {
            var segments = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
            var bin = Array.LastIndexOf(segments, "bin");
            return bin >= 0 && bin + 1 < segments.Length ? segments[bin + 1] : "Release";
        }
    }

    /// <summary>The worker as built in the repository (what <see cref="WorkerAssembly"/> was copied from).</summary>
    public static string BuiltWorkerAssembly => Path.Combine(Root, "src", "RelayWorker", "bin", Configuration, "net10.0", "RelayWorker.dll");

    /// <summary>
    /// A private copy of the built worker, taken once per benchmark run: other engineers rebuild the same bin folder
    /// while tests run (test.sh builds Release), and a run must measure one build from its first figure to its last.
    /// </summary>
    public static string WorkerAssembly => LazySnapshot.Value;

    private static string SnapshotWorker()
    {
        var built = Path.GetDirectoryName(BuiltWorkerAssembly)!;
        if (!File.Exists(BuiltWorkerAssembly))
        {
            throw new InvalidOperationException($"{BuiltWorkerAssembly} does not exist; run `dotnet build src/RelayWorker -c Release` first");
        }
        var copy = Directory.CreateTempSubdirectory("relayworker-bench-build-").FullName;
        foreach (var file in Directory.EnumerateFiles(built, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(built, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(copy, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        };
        return Path.Combine(copy, "RelayWorker.dll");
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                {
                    return directory.FullName;
                }
            }
        }
        throw new InvalidOperationException($"no {SolutionFile} above {AppContext.BaseDirectory} or the current directory");
    }
}
