namespace RelayWorker.TestSupport;

/// <summary>
/// Where the built service is. Tests and benchmarks run the worker exactly as the container ships it: the native
/// (ahead-of-time compiled) executable that `dotnet publish` writes to artifacts/worker (see <see cref="PublishCommand"/>).
/// </summary>
internal static class RepositoryLayout
{
    private const string SolutionFile = "RelayWorker.sln";

    /// <summary>How test.sh and run.sh publish the worker <see cref="Worker"/> names; said in every "publish first" message.</summary>
    public const string PublishCommand = "dotnet publish src/RelayWorker -c Release --use-current-runtime -o artifacts/worker";

    // Lazy, so that a missing solution fails the caller that asks with a readable message, not a type initializer.
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    // Judged once per process, like the snapshots below: every worker a test run starts is the same build, and the
    // source tree is walked once rather than at every start.
    private static readonly Lazy<string> LazyWorker = new(PublishedWorker);

    private static readonly Lazy<string> LazySnapshot = new(() => Snapshot(Worker));

    private static readonly Lazy<string> LazyManagedSnapshot = new(() => Snapshot(ManagedWorker));

    public static string Root => LazyRoot.Value;

    /// <summary>"Debug" or "Release": the folder after "bin" in the calling program's own output path.</summary>
    public static string Configuration => FromOutputPath(1);

    /// <summary>The target framework folder (e.g. "net10.0"), also taken from the output path.</summary>
    public static string TargetFramework => FromOutputPath(2);

    /// <summary>The worker's managed build (what `dotnet build` writes), run on `dotnet`.</summary>
    public static string WorkerAssembly =>
        Path.Combine(Root, "src", "RelayWorker", "bin", Configuration, TargetFramework, "RelayWorker.dll");

    /// <summary>
    /// The published native worker. A test must not run yesterday's code: when a file of the worker's source is newer
    /// than the published executable, this says which and how to publish again. (The managed build is no guide: a
    /// publish restores for its runtime, and the next `dotnet build` recompiles the unchanged source.)
    /// </summary>
    public static string Worker => LazyWorker.Value;

    private static string PublishedWorker()
    {
        var native = Path.Combine(Root, "artifacts", "worker", "RelayWorker");
        if (!File.Exists(native))
        {
            throw new InvalidOperationException($"{native} does not exist; publish the worker first: {PublishCommand}");
        }
        if (NewestSource() is { } changed && File.GetLastWriteTimeUtc(changed) > File.GetLastWriteTimeUtc(native))
        {
            throw new InvalidOperationException($"{changed} changed after {native} was published; publish the worker again: {PublishCommand}");
        }
        return native;
    }

    private static string? NewestSource()
    {
        var source = Path.Combine(Root, "src", "RelayWorker");
        string[] built = [Path.Combine(source, "bin") + Path.DirectorySeparatorChar, Path.Combine(source, "obj") + Path.DirectorySeparatorChar];
        return Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Where(file => !built.Any(prefix => file.StartsWith(prefix, StringComparison.Ordinal)))
            .MaxBy(File.GetLastWriteTimeUtc);
    }

    /// <summary>
    /// The managed build run on `dotnet` (the worker before it shipped native), for benchmarks that compare the two.
    /// </summary>
    public static string ManagedWorker => File.Exists(WorkerAssembly)
        ? WorkerAssembly
        : throw new InvalidOperationException($"{WorkerAssembly} does not exist; run `dotnet build src/RelayWorker -c {Configuration}` first");

    /// <summary>
    /// A private copy of <see cref="Worker"/>, taken once per process: other engineers rebuild and publish the same
    /// folders while a long benchmark runs, and a run must measure one build from its first figure to its last.
    /// </summary>
    public static string WorkerSnapshot => LazySnapshot.Value;

    /// <summary>A private copy of <see cref="ManagedWorker"/>, as <see cref="WorkerSnapshot"/>.</summary>
    public static string ManagedWorkerSnapshot => LazyManagedSnapshot.Value;

    private static string Snapshot(string worker)
    {
        var built = Path.GetDirectoryName(worker)!;
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
        return Path.Combine(copy, Path.GetFileName(worker));
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
