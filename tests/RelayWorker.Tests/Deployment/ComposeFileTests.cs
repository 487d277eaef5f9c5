using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace RelayWorker.Tests.Deployment;

public sealed partial class ComposeFileTests
{
    private const string ComposeFile = "docker-compose.yml";

    [Theory]
    [InlineData("")]
    [InlineData("monitoring")]
    public async Task DockerComposeConfig_ComposeFileWithProfile_IsValid(string profile)
    {
        // Debian's docker-compose 1.29 validates against the Compose schema offline; no engine needed.
        string[] profileArguments = profile.Length == 0 ? [] : ["--profile", profile];
        var result = await ExternalTool.RunAsync("docker-compose", RepositoryRoot.Directory,
            ["-f", ComposeFile, .. profileArguments, "config", "-q"]);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void Services_EveryImage_IsPinnedToARelease()
    {
        var services = YamlDocument.Load(ComposeFile).Mapping("services");

        foreach (var (name, service) in services.Children)
        {
            var image = ((YamlMappingNode)service).Scalar("image");
            Assert.True(image is not null, $"{name} has no image");
            Assert.Matches(PinnedImage(), image);
        }
    }

    [Fact]
    public void RelayWorker_Service_IsBuiltHereAndStopsGracefully()
    {
        var relay = YamlDocument.Load(ComposeFile).Mapping("services").Mapping("relay-worker");

        Assert.Equal("Dockerfile", relay.Mapping("build").Scalar("dockerfile"));
        Assert.Equal("true", relay.Scalar("init"));
        Assert.Equal("true", relay.Scalar("read_only"));
        Assert.Contains("/tmp", relay.Sequence("tmpfs").Select(node => node.ToString()));
        Assert.Equal("service_healthy", relay.Mapping("depends_on").Mapping("mediamtx").Scalar("condition"));
        Assert.Equal(
            ["CMD", "bash", "/usr/local/bin/relay-healthcheck"],
            relay.Mapping("healthcheck").Sequence("test").Select(node => node.ToString()));

        // Docker sends SIGKILL after stop_grace_period; the worker needs StopTimeout plus its own wind-down.
        var stopTimeout = TimeSpan.Parse(relay.Mapping("environment").Scalar("Relay__StopTimeout")!, CultureInfo.InvariantCulture);
        var grace = ComposeDuration(relay.Scalar("stop_grace_period")!);
        Assert.True(grace > stopTimeout + TimeSpan.FromSeconds(5), $"stop_grace_period {grace} does not exceed StopTimeout {stopTimeout} + 5 s");
    }

    [Fact]
    public void ComposeFile_TopLevelKeys_AreKnownToDebiansDockerCompose()
    {
        var root = YamlDocument.Load(ComposeFile);

        Assert.False(root.Has("name"), "docker-compose 1.29 rejects the top-level name key");
        Assert.True(root.Mapping("services").Has("publisher"));
        Assert.Equal("monitoring", Assert.Single(root.Mapping("services").Mapping("grafana").Sequence("profiles")).ToString());
        Assert.Equal("monitoring", Assert.Single(root.Mapping("services").Mapping("prometheus").Sequence("profiles")).ToString());
    }

    private static TimeSpan ComposeDuration(string value)
    {
        var match = SecondsOrMinutes().Match(value);
        Assert.True(match.Success, $"'{value}' is not a duration this test understands");
        var amount = int.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value == "m" ? TimeSpan.FromMinutes(amount) : TimeSpan.FromSeconds(amount);
    }

    // A tag that is a version (1.21.1, v3.5.0, 12.3.1-ffmpeg), never latest or a bare name.
    [GeneratedRegex(@"^[a-z0-9./-]+:v?\d+(\.\d+)+(-[a-z0-9]+)?$|^relay-worker:dev$")]
    private static partial Regex PinnedImage();

    [GeneratedRegex(@"^(?<amount>\d+)(?<unit>[sm])$")]
    private static partial Regex SecondsOrMinutes();
}
