using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace RelayWorker.Tests.Deployment;

public sealed partial class KustomizeBaseTests
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
        var podMonitor = YamlDocument.Load([.. KubernetesManifests.MonitoringComponent, "podmonitor.yaml"]);
        var podLabels = KubernetesManifests.StatefulSet().Spec.Template.Metadata.Labels;

        Assert.Equal("monitoring.coreos.com/v1", podMonitor.Scalar("apiVersion"));
        Assert.Equal("PodMonitor", podMonitor.Scalar("kind"));
        var spec = podMonitor.Mapping("spec");
        Assert.All(spec.Mapping("selector").Mapping("matchLabels").ToStrings(), pair => Assert.Equal(pair.Value, podLabels[pair.Key]));
        var endpoint = Assert.IsType<YamlMappingNode>(Assert.Single(spec.Sequence("podMetricsEndpoints")));
        Assert.Equal("http", endpoint.Scalar("port"));
        Assert.Equal("/metrics", endpoint.Scalar("path"));
    }

    [Fact]
    public void Base_Build_ContainsNoCustomResourceKinds()
    {
        // A bare cluster (no Prometheus Operator) must accept `kubectl apply -k docker/kubernetes`.
        var objects = KustomizeTree.Objects(KubernetesManifests.Folder);

        Assert.Equal(
            ["ConfigMap", "PodDisruptionBudget", "Secret", "Secret", "Service", "StatefulSet"],
            objects.Select(o => o.Kind).Order(StringComparer.Ordinal));
        Assert.All(objects, o => Assert.True(o.IsBuiltInKind, $"{o.File}: {o.ApiVersion} {o.Kind} needs a CRD"));
        Assert.False(KustomizeTree.Kustomization(KubernetesManifests.Folder).Has("components"));
    }

    [Fact]
    public void MonitoringComponent_IsAKustomizeComponentAddingOnlyThePodMonitor()
    {
        var component = KustomizeTree.Kustomization(KubernetesManifests.MonitoringComponent);
        var objects = KustomizeTree.Objects(KubernetesManifests.MonitoringComponent);

        Assert.Equal("kustomize.config.k8s.io/v1alpha1", component.Scalar("apiVersion"));
        Assert.Equal("Component", component.Scalar("kind"));
        var podMonitor = Assert.Single(objects);
        Assert.Equal(("monitoring.coreos.com/v1", "PodMonitor"), (podMonitor.ApiVersion, podMonitor.Kind));
        Assert.False(podMonitor.IsBuiltInKind);
    }

    [Fact]
    public void ExampleOverlay_AddsMonitoringInOneLineAndTakesTheImageFromARegistry()
    {
        var overlay = KustomizeTree.Kustomization(KubernetesManifests.ExampleOverlay);
        var objects = KustomizeTree.Objects(KubernetesManifests.ExampleOverlay);

        Assert.Equal("../kubernetes", Assert.Single(overlay.Sequence("resources")).ToString());
        Assert.Equal("../kubernetes/components/monitoring", Assert.Single(overlay.Sequence("components")).ToString());
        Assert.Equal(
            KustomizeTree.Objects(KubernetesManifests.Folder).Select(o => o.Kind).Append("PodMonitor").Order(StringComparer.Ordinal),
            objects.Select(o => o.Kind).Order(StringComparer.Ordinal));
        var image = Assert.IsType<YamlMappingNode>(Assert.Single(overlay.Sequence("images")));
        Assert.Equal(ImageName(), image.Scalar("name"));
        Assert.Contains('/', image.Scalar("newName")!);
        Assert.Matches(VersionTag(), image.Scalar("newTag"));
    }

    [Fact]
    public void Base_Image_IsSetThroughKustomizeImagesForTheNameTheStatefulSetUses()
    {
        var image = Assert.IsType<YamlMappingNode>(Assert.Single(KustomizeTree.Kustomization(KubernetesManifests.Folder).Sequence("images")));

        // The manifest names the image without a tag; only `images:` decides what it resolves to.
        Assert.Equal("relay-worker", ImageName());
        Assert.Equal("relay-worker", image.Scalar("name"));
        Assert.Null(image.Scalar("newName"));
        // The tag `docker compose build` gives the image, so a kind or minikube cluster it was loaded into runs it.
        Assert.Equal("dev", image.Scalar("newTag"));
        Assert.Equal("relay-worker:dev", YamlDocument.Load("docker-compose.yml").Mapping("services").Mapping("relay-worker").Scalar("image"));
    }

    private static string ImageName() => KubernetesManifests.WorkerContainer().Image;

    [GeneratedRegex(@"^v?\d+(\.\d+)+$")]
    private static partial Regex VersionTag();
}
