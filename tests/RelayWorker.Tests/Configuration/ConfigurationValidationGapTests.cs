using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Configuration;

/// <summary>Configurations the validator accepts today although they break the service; each is a finding.</summary>
public sealed class ConfigurationValidationGapTests
{
    private static readonly string[] ValidBase =
    [
        "Relay__Routes__cam1__Source=rtmp://mediamtx:1935/cam1",
        "Relay__Routes__cam1__Destinations__0=srt://mediamtx:8890?streamid=publish:cam1-srt",
    ];

    [Fact]
    public void Problems_ZeroInitialDelay_IsRefusedBecauseItMeansNoBackoff()
    {
        var problems = EnvConfiguration.Problems(EnvConfiguration.From([.. ValidBase, "Relay__Restart__InitialDelay=00:00:00"]));

        Assert.Contains("Relay__Restart__InitialDelay", problems.ToMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Relay__StopTimeout=1", "Relay__StopTimeout")]
    [InlineData("Relay__Restart__MaxDelay=1", "Relay__Restart__MaxDelay")]
    public void Problems_BareNumberDuration_IsRefusedBecauseItMeansDays(string variable, string key)
    {
        var problems = EnvConfiguration.Problems(EnvConfiguration.From([.. ValidBase, variable]));

        Assert.Contains(key, problems.ToMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_ShortPassphraseAfterRawAccessControlStreamId_IsReported()
    {
        var problems = EnvConfiguration.Problems(EnvConfiguration.From(
            [.. ValidBase, "Relay__Routes__cam1__Destinations__0=srt://sink:8890?streamid=#!::r=cam1,m=publish&passphrase=abc12"]));

        Assert.Contains("SRT passphrase must be", problems.ToMessage(), StringComparison.Ordinal);
    }
}
