namespace RelayWorker.Tests.Deployment;

// No Docker engine runs where the tests do, so the Dockerfile is checked for the properties the
// compose file, the Kubernetes manifests and the README rely on.
public sealed class DockerfileTests
{
    private static readonly string[] Lines = RepositoryRoot.ReadAllText("Dockerfile").Split('\n');

    [Fact]
    public void Dockerfile_Stages_BuildNativeWithTheSdkAndRunOnRuntimeDeps()
    {
        var stages = Instructions("FROM").ToList();

        Assert.Equal(2, stages.Count);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:10\.0\.\d+-noble AS build$", stages[0]);
        // A native executable needs no .NET runtime, only the libraries runtime-deps carries.
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/runtime-deps:10\.0\.\d+-noble AS runtime$", stages[1]);
        Assert.Contains(Lines, line => line.Contains("dotnet publish", StringComparison.Ordinal) && line.Contains("--use-current-runtime", StringComparison.Ordinal));
        Assert.Contains(Lines, line => line.Contains("apt-get install", StringComparison.Ordinal) && line.Contains(" clang ", StringComparison.Ordinal));
        Assert.Equal("[\"/app/RelayWorker\"]", Assert.Single(Instructions("ENTRYPOINT")));
    }

    [Fact]
    public void Dockerfile_BaseImages_ArePinnedToAnExactReleaseNeverAFloatingTag()
    {
        // 10.0 or latest would move under a rebuild; an exact patch release (and the distribution) does not.
        Assert.All(Instructions("FROM"), from => Assert.Matches(@"^\S+:\d+\.\d+\.\d+(-[a-z0-9]+)? AS \w+$", from));
    }

    [Fact]
    public void Dockerfile_Ffmpeg_IsCheckedToBeTheDocumentedSeries()
    {
        Assert.Contains(Lines, line => line.Trim() == @"&& ffmpeg -hide_banner -version | grep -q '^ffmpeg version [0-9:]*6\.1' \");
        Assert.Contains("installs Ubuntu 24.04's ffmpeg 6.1", RepositoryRoot.ReadAllText("README.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_RuntimeImage_RunsAsTheAppUserOnPort8080()
    {
        Assert.Equal("$APP_UID", Assert.Single(Instructions("USER")));
        Assert.Equal("8080", Assert.Single(Instructions("EXPOSE")));
        Assert.Contains(Lines, line => line.Contains("TMPDIR=/tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_Ffmpeg_ComesWithoutRecommendsAlongsideSetpriv()
    {
        var install = Assert.Single(Lines, line => line.Contains("apt-get install", StringComparison.Ordinal) && line.Contains(" ffmpeg ", StringComparison.Ordinal));

        Assert.Contains("--no-install-recommends", install, StringComparison.Ordinal);
        Assert.Contains(" ffmpeg ", install, StringComparison.Ordinal);
        Assert.Contains("util-linux", install, StringComparison.Ordinal);
        // The built-in slate's drawtext needs a font.
        Assert.Contains("fonts-dejavu-core", install, StringComparison.Ordinal);
        Assert.Contains(Lines, line => line.Trim().StartsWith("&& setpriv --version", StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_CapabilityCache_IsWrittenAtBuildWhereTheWorkerLooksBeforeTheUserChanges()
    {
        var lines = Lines.Select(line => line.Trim()).ToList();
        var install = lines.FindIndex(line => line.Contains("apt-get install", StringComparison.Ordinal) && line.Contains(" ffmpeg ", StringComparison.Ordinal));
        var copy = lines.FindIndex(line => line.StartsWith("COPY --from=build /app", StringComparison.Ordinal));
        var cache = lines.IndexOf("ENV Relay__CapabilityCache=/app/ffmpeg-capabilities.json");
        var write = lines.IndexOf("RUN [\"/app/RelayWorker\", \"--cache-ffmpeg-capabilities\"]");
        var user = lines.FindIndex(line => line.StartsWith("USER ", StringComparison.Ordinal));

        // After the ffmpeg it lists and the worker that writes it; before the user who could not write to /app.
        Assert.True(install >= 0 && copy > install && cache > copy && write > cache && user > write,
            $"install {install}, copy {copy}, cache {cache}, write {write}, user {user}");
    }

    [Fact]
    public void Dockerfile_Healthcheck_RunsTheScriptComposeAlsoUses()
    {
        const string Installed = "/usr/local/bin/relay-healthcheck";

        Assert.Equal($"docker/relay-worker/healthcheck.sh {Installed}", Assert.Single(Instructions("COPY"), copy => copy.Contains("healthcheck", StringComparison.Ordinal)));
        var healthcheck = string.Join(' ', Lines.SkipWhile(line => !line.StartsWith("HEALTHCHECK", StringComparison.Ordinal)).Take(2));
        Assert.Contains($"CMD [\"bash\", \"{Installed}\"]", healthcheck, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerIgnore_KeepsEverythingTheBuildCopies()
    {
        var ignored = RepositoryRoot.ReadAllText(".dockerignore").Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);
        string[] needed = ["src", "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "docker", "docker/relay-worker"];

        Assert.Empty(needed.Intersect(ignored));
        Assert.Contains("**/bin", ignored);
        Assert.Contains("**/obj", ignored);
    }

    private static IEnumerable<string> Instructions(string keyword) =>
        Lines.Where(line => line.StartsWith(keyword + " ", StringComparison.Ordinal)).Select(line => line[(keyword.Length + 1)..].Trim());
}
