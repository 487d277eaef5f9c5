using RelayWorker.Control;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Control;

public sealed class ApiTokenTests : IDisposable
{
    private const string Route = "Relay__Routes__cam1__Source=rtmp://127.0.0.1/live/a";
    private const string Destination = "Relay__Routes__cam1__Destinations__0=udp://127.0.0.1:9";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("relayworker-token-test-");

    [Fact]
    public void Validate_TokenFileThatDoesNotExist_IsAProblemNamingTheKey()
    {
        var missing = Path.Combine(_directory.FullName, "absent");

        var problems = EnvConfiguration.Problems(EnvConfiguration.From(Route, Destination, $"Relay__Api__TokenFile={missing}"));

        Assert.Equal([$"Relay__Api__TokenFile: '{missing}' does not exist"], problems.All);
    }

    [Fact]
    public void Validate_BothTokenAndTokenFile_IsAProblem()
    {
        var file = WriteToken("from-file-token");

        var problems = EnvConfiguration.Problems(EnvConfiguration.From(Route, Destination, "Relay__Api__Token=inline-token", $"Relay__Api__TokenFile={file}"));

        Assert.Equal(["Relay__Api__TokenFile: set either Api__Token or Api__TokenFile, not both"], problems.All);
    }

    [Fact]
    public void Validate_EmptyTokenFile_IsAProblem()
    {
        var file = WriteToken("\n");

        var problems = EnvConfiguration.Problems(EnvConfiguration.From(Route, Destination, $"Relay__Api__TokenFile={file}"));

        Assert.Equal([$"Relay__Api__TokenFile: '{file}' is empty"], problems.All);
    }

    [Fact]
    public void Read_TokenFile_IsTrimmedAndReadAgainAfterRotation()
    {
        var file = WriteToken("first-token\n");
        var api = new ApiOptions { TokenFile = file };
        Assert.Equal("first-token", ApiToken.Read(api));

        File.WriteAllText(file, "second-token\n");

        Assert.Equal("second-token", ApiToken.Read(api));
        Assert.Null(ApiToken.Read(new ApiOptions()));
    }

    [Fact]
    public void Matches_OnlyTheSameToken()
    {
        Assert.True(ApiToken.Matches("same-token", "same-token"));
        Assert.False(ApiToken.Matches("same-toke", "same-token"));
        Assert.False(ApiToken.Matches("", "same-token"));
    }

    [Fact]
    public void KnownSecrets_IncludeTheToken_SoNoLogLineCanCarryIt()
    {
        var options = EnvConfiguration.Options(EnvConfiguration.From(Route, Destination, "Relay__Api__Token=log-canary-token"));

        Assert.Contains("log-canary-token", RelayWorker.Redaction.KnownSecrets.From(options));
    }

    private string WriteToken(string content)
    {
        var file = Path.Combine(_directory.FullName, "token");
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
