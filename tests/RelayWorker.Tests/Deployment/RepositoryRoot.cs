namespace RelayWorker.Tests.Deployment;

/// <summary>The repository checkout the tests run from, found by walking up to RelayWorker.sln.</summary>
internal static class RepositoryRoot
{
    private const string SolutionFile = "RelayWorker.sln";

    private static readonly Lazy<string> Root = new(Find);

    public static string Directory => Root.Value;

    public static string PathTo(params string[] relative) => Path.Combine([Root.Value, .. relative]);

    public static string ReadAllText(params string[] relative) => File.ReadAllText(PathTo(relative));

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}: the tests must run from a checkout.");
    }
}
