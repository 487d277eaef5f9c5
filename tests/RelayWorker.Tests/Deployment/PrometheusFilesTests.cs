using YamlDotNet.RepresentationModel;

namespace RelayWorker.Tests.Deployment;

public sealed class PrometheusFilesTests
{
    private static readonly string PrometheusFolder = RepositoryRoot.PathTo("docker", "prometheus");

    [Fact]
    public async Task PromtoolCheckConfig_ComposePrometheusConfig_IsValidAndFindsTheAlerts()
    {
        // promtool resolves rule_files against the config's folder, as Prometheus does in the
        // container where compose mounts this folder at /etc/prometheus.
        var result = await ExternalTool.RunAsync("promtool", RepositoryRoot.Directory,
            "check", "config", Path.Combine("docker", "prometheus", "prometheus.yml"));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("1 rule files found", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromtoolCheckRules_AlertRules_AreValid()
    {
        var result = await ExternalTool.RunAsync("promtool", PrometheusFolder, "check", "rules", "alerts.yml");

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task PromtoolTestRules_AlertRules_FireOnlyWhenTheyShould()
    {
        var result = await ExternalTool.RunAsync("promtool", PrometheusFolder, "test", "rules", "alerts.test.yml");

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void AlertRules_Queries_NameOnlyExportedMetrics()
    {
        var rules = YamlDocument.Load("docker", "prometheus", "alerts.yml").Sequence("groups")
            .Cast<YamlMappingNode>()
            .SelectMany(group => group.Sequence("rules").Cast<YamlMappingNode>())
            .ToList();

        Assert.Contains(rules, rule => rule.Scalar("alert") == "RelayRouteDown" && rule.Scalar("for") == "1m");
        Assert.All(rules, rule => ExportedMetrics.AssertOnlyExported(rule.Scalar("expr")!));
    }
}
