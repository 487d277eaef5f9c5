using RelayWorker.Configuration;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Events;

public sealed class EventsRulesTests
{
    [Theory]
    [InlineData("ftp://hooks.example/relay", "Relay__Events__Webhooks__0__Url: not an absolute http or https URL like https://host/hook")]
    [InlineData("/relay/hook", "Relay__Events__Webhooks__0__Url: not an absolute http or https URL like https://host/hook")]
    [InlineData("", "Relay__Events__Webhooks__0__Url: missing; a webhook needs the http(s) URL events are posted to")]
    public void Validate_WebhookUrlThatIsNotHttp_NamesTheKey(string url, string expected)
    {
        var problems = Validate($"Relay__Events__Webhooks__0__Url={url}");

        Assert.Contains(expected, problems);
    }

    [Fact]
    public void Validate_HttpsWebhookWithSecret_IsAccepted()
    {
        var problems = Validate("Relay__Events__Webhooks__0__Url=https://hooks.example:8443/relay", "Relay__Events__Webhooks__0__Secret=hook-secret-value");

        Assert.DoesNotContain(problems, p => p.Contains("Events", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WebhookUrlWithCredentials_NeverEchoesThem()
    {
        var problems = Validate("Relay__Events__Webhooks__0__Url=ftp://user:hunter2pass@hooks.example/relay");

        var problem = Assert.Single(problems, p => p.Contains("Events", StringComparison.Ordinal));
        Assert.StartsWith("Relay__Events__Webhooks__0__Url", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2pass", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void KnownSecrets_IncludeWebhookSecretAndUrlCredentials()
    {
        var problems = new ConfigurationProblems();
        var options = RelayConfigurationReader.Read(EnvConfiguration.From(
            "Relay__Events__Webhooks__0__Url=https://user:hunter2pass@hooks.example/relay",
            "Relay__Events__Webhooks__0__Secret=hook-secret-value"), problems);

        var secrets = global::RelayWorker.Redaction.KnownSecrets.From(options);

        Assert.Contains("hook-secret-value", secrets);
        Assert.Contains("hunter2pass", secrets);
    }

    private static IReadOnlyList<string> Validate(params string[] assignments)
    {
        var problems = new ConfigurationProblems();
        var options = RelayConfigurationReader.Read(EnvConfiguration.From(assignments), problems);
        RelayOptionsValidator.Validate(options, problems);
        return problems.All;
    }
}
