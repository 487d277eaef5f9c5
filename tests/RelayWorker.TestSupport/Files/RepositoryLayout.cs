namespace RelayWorker.TestSupport;

/// <summary>
/// Where the built service is. Tests and benchmarks run the worker exactly as it is deployed
/// (`dotnet RelayWorker.dll`), from the same configuration (Debug/Release) their own assembly was built in.
/// </summary>
internal static class RepositoryLayout
{
    private const string SolutionFile = "RelayWorker.sln";

    // Lazy, so that a missing solution fails the caller that asks with a readable message, not a type initializer.
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    private static readonly Lazy<string> LazySnapshot = new(SnapshotWorker);

    public static string Root => LazyRoot.Value;

    /// <summary>"Debug" or "Release": the folder after "bin" in the calling program's own output path.</summary>
    public static string Configuration => FromOutputPath(1);

    /// <summary>The target framework folder (e.g. "net10.0"), also taken from the output path.</summary>
    public static string TargetFramework => FromOutputPath(2);

    /// <summary>The worker as built in the repository.</summary>
    public static string WorkerAssembly =>
        Path.Combine(Root, "src", "RelayWorker", "bin", Configuration, TargetFramework, "RelayWorker.dll");

    /// <summary>
    /// A private copy of <see cref="WorkerAssembly"/>, taken once per process: other engineers rebuild the same bin
    /// folder while a long benchmark runs, and a run must measure one build from its first figure to its last.
    /// </summary>
    public static string WorkerSnapshot => LazySnapshot.Value;

    private static string SnapshotWorker()
    {
        var built = Path.GetDirectoryName(WorkerAssembly)!;
        if (!File.Exists(WorkerAssembly))
        {
            throw new InvalidOperationException($"{WorkerAssembly} does not exist; run `dotnet build src/RelayWorker -c {Configuration}` first");
        }
        var copy = Directory.CreateTempSubdirectory("relayworker-build-").FullName;
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

    // `dotnet run` may start the program from its output folder or from the repository; either finds the root.
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
        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory} or the current directory.");
    }

    // .../tests/<Project>/bin/<Configuration>/<TargetFramework>/
    private static string FromOutputPath(int offsetAfterBin)
    {
        var segments = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        var bin = Array.LastIndexOf(segments, "bin");
        if (bin < 0 || bin + offsetAfterBin >= segments.Length)
        {
            throw new InvalidOperationException($"Cannot read the build configuration from {AppContext.BaseDirectory}.");
        }
        return segments[bin + offsetAfterBin];
    }
}
