namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// Where the built service is: the tests run the worker exactly as it is deployed (`dotnet RelayWorker.dll`),
/// from the same configuration (Debug/Release) the test assembly itself was built in.
/// </summary>
internal static class RepositoryLayout
{
    private const string SolutionFile = "RelayWorker.sln";

    // Lazy, so that a missing solution fails the test that asks with a readable message, not a type initializer.
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    /// <summary>"Debug" or "Release": the folder after "bin" in this test assembly's own output path.</summary>
    public static string Configuration => FromOutputPath(1);

    /// <summary>The target framework folder (e.g. "net10.0"), also taken from the test's output path.</summary>
    public static string TargetFramework => FromOutputPath(2);

    public static string WorkerAssembly =>
        Path.Combine(Root, "src", "RelayWorker", "bin", Configuration, TargetFramework, "RelayWorker.dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}.");
    }

    // .../tests/RelayWorker.IntegrationTests/bin/<Configuration>/<TargetFramework>/
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
