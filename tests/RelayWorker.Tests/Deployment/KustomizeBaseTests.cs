using YamlDotNet.RepresentationModel;

namespace RelayWorker.Tests.Deployment;

public sealed class KustomizeBaseTests
{
    [Fact]
    public void Kustomization_Resources_AreExactlyTheManifestsInTheFolder()
    {
        var listed = YamlDocument.Load([.. KubernetesManifests.Folder, "kustomization.yaml"])
            .Sequence("resources").Select(node => node.ToString()).Order(StringComparer.Ordinal);
        var present = Directory.EnumerateFiles(RepositoryRoot.PathTo(KubernetesManifests.Folder), "*.yaml")
            .Select(Path.GetFileName)
            .Where(name => name != "kustomization.yaml")
            .Order(StringComparer.Ordinal);

        Assert.Equal(present, listed);
    }

    [Fact]
    public void PodMonitor_ScrapesTheWorkerPodsMetrics()
    {
        var podMonitor = YamlDocument.Load([.. KubernetesManifests.Folder, "podmonitor.yaml"]);
        var podLabels = KubernetesManifests.StatefulSet().Spec.Template.Metadata.Labels;

        Assert.Equal("monitoring.coreos.com/v1", podMonitor.Scalar("apiVersion"));
        Assert.Equal("PodMonitor", podMonitor.Scalar("kind"));
        var spec = podMonitor.Mapping("spec");
        Assert.All(spec.Mapping("selector").Mapping("matchLabels").ToStrings(), pair => Assert.Equal(pair.Value, podLabels[pair.Key]));
        var endpoint = Assert.IsType<YamlMappingNode>(Assert.Single(spec.Sequence("podMetricsEndpoints")));
        Assert.Equal("http", endpoint.Scalar("port"));
        Assert.Equal("/metrics", endpoint.Scalar("path"));
    }
}
