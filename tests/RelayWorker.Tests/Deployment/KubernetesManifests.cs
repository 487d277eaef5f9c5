using k8s;
using k8s.Models;

namespace RelayWorker.Tests.Deployment;

/// <summary>The kustomize base's manifests, parsed strictly into KubernetesClient's typed models.</summary>
internal static class KubernetesManifests
{
    public static readonly string[] Folder = ["docker", "kubernetes"];

    /// <summary>The optional Prometheus Operator monitoring, a kustomize component.</summary>
    public static readonly string[] MonitoringComponent = [.. Folder, "components", "monitoring"];

    /// <summary>The example overlay the README points at: registry image, monitoring, namespace.</summary>
    public static readonly string[] ExampleOverlay = ["docker", "kubernetes-overlay"];

    public static V1StatefulSet StatefulSet() => Load<V1StatefulSet>("statefulset.yaml");

    public static V1ConfigMap ConfigMap() => Load<V1ConfigMap>("configmap.yaml");

    public static V1Secret Secret() => Load<V1Secret>("secret.yaml");

    public static V1Secret ApiTokenSecret() => Load<V1Secret>("api-token-secret.yaml");

    public static V1Service Service() => Load<V1Service>("service.yaml");

    public static V1PodDisruptionBudget PodDisruptionBudget() => Load<V1PodDisruptionBudget>("pdb.yaml");

    public static V1Container WorkerContainer() =>
        Assert.Single(StatefulSet().Spec.Template.Spec.Containers, container => container.Name == "relay-worker");

    // Strict, so a misspelt field (say readOnlyRootFileSystem) fails here instead of being ignored
    // here and by an API server that prunes unknown fields.
    private static T Load<T>(string file) => KubernetesYaml.Deserialize<T>(RepositoryRoot.ReadAllText([.. Folder, file]), strict: true);
}
