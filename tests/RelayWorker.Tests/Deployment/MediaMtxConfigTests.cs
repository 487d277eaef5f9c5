using YamlDotNet.RepresentationModel;

namespace RelayWorker.Tests.Deployment;

// MediaMTX itself does not run here (no Docker engine), so the demo's credential wiring is checked
// statically: the publisher and the relay must present the one publish credential mediamtx.yml defines.
public sealed class MediaMtxConfigTests
{
    private static readonly YamlMappingNode MediaMtx = YamlDocument.Load("mediamtx.yml");
    private static readonly YamlMappingNode Services = YamlDocument.Load("docker-compose.yml").Mapping("services");

    [Fact]
    public void AuthInternalUsers_Publishing_NeedsACredentialWhileReadingIsOpen()
    {
        var anonymous = Users().Where(user => user.Scalar("user") == "any").SelectMany(Actions).ToList();

        Assert.Contains("read", anonymous);
        Assert.DoesNotContain("publish", anonymous);
        var (name, pass) = PublishCredential();
        Assert.False(string.IsNullOrEmpty(name) || string.IsNullOrEmpty(pass));
    }

    [Fact]
    public void RelayDestination_SrtStreamId_CarriesThePublishCredential()
    {
        var (name, pass) = PublishCredential();
        var destination = Services.Mapping("relay-worker").Mapping("environment").Scalar("Relay__Routes__demo__Destinations__0");

        Assert.Contains($"streamid=publish:demo-srt:{name}:{pass}&", destination, StringComparison.Ordinal);
    }

    [Fact]
    public void Publisher_RtmpUrl_CarriesThePublishCredential()
    {
        var (name, pass) = PublishCredential();
        var arguments = Services.Mapping("publisher").Sequence("command").Select(node => node.ToString()).ToList();

        Assert.Equal($"rtmp://mediamtx:1935/demo?user={name}&pass={pass}", arguments[^1]);
    }

    [Fact]
    public void PublishCredential_UsesOnlyTheCharactersTheComposeFileDocuments()
    {
        // The credential goes unencoded into an RTMP query string and a colon-separated SRT streamid.
        const string Documented = "may contain only letters, digits and - . _ ~";
        var (name, pass) = PublishCredential();

        Assert.Matches("^[A-Za-z0-9._~-]+$", name);
        Assert.Matches("^[A-Za-z0-9._~-]+$", pass);
        Assert.Contains(Documented, RepositoryRoot.ReadAllText("docker-compose.yml"), StringComparison.Ordinal);
        Assert.Contains("letters, digits and `-` `.` `_` `~`", RepositoryRoot.ReadAllText("README.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void MediaMtx_EveryProtocolTheDemoNeeds_IsEnabled()
    {
        foreach (var feature in new[] { "rtmp", "rtsp", "srt", "hls", "webrtc", "api", "metrics" })
        {
            Assert.True(MediaMtx.Scalar(feature) == "true", $"{feature} is not enabled in mediamtx.yml");
        }
        Assert.Equal("./mediamtx.yml:/mediamtx.yml:ro", Assert.Single(Services.Mapping("mediamtx").Sequence("volumes")).ToString());
    }

    private static IEnumerable<YamlMappingNode> Users() => MediaMtx.Sequence("authInternalUsers").Cast<YamlMappingNode>();

    private static IEnumerable<string> Actions(YamlMappingNode user) =>
        user.Sequence("permissions").Cast<YamlMappingNode>().Select(permission => permission.Scalar("action")!);

    private static (string? Name, string? Pass) PublishCredential()
    {
        var publisher = Assert.Single(Users(), user => Actions(user).Contains("publish"));
        return (publisher.Scalar("user"), publisher.Scalar("pass"));
    }
}
