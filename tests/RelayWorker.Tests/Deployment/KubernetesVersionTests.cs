using System.Text.RegularExpressions;

namespace RelayWorker.Tests.Deployment;

public sealed partial class KubernetesVersionTests
{
    [Fact]
    public void Readme_StatesTheOldestKubernetesVersionTheManifestsNeed()
    {
        // Each field the manifests use that an older API server lacks or ignores, with the first version that
        // has it on by default: the stated minimum must cover the newest of them.
        var needs = new List<(string Feature, Version Since)>();
        var shardIndex = KubernetesManifests.WorkerContainer().Env.Single(v => v.Name == "Relay__Shard__Index");
        if (shardIndex.ValueFrom?.FieldRef?.FieldPath == "metadata.labels['apps.kubernetes.io/pod-index']")
        {
            needs.Add(("pod-index label on StatefulSet pods", new Version(1, 28)));
        }
        if (KubernetesManifests.PodDisruptionBudget().Spec.UnhealthyPodEvictionPolicy is not null)
        {
            needs.Add(("PodDisruptionBudget unhealthyPodEvictionPolicy", new Version(1, 27)));
        }
        if (KubernetesManifests.StatefulSet().Spec.PersistentVolumeClaimRetentionPolicy is not null)
        {
            needs.Add(("StatefulSet persistentVolumeClaimRetentionPolicy", new Version(1, 27)));
        }

        var match = StatedMinimum().Match(RepositoryRoot.ReadAllText("README.md"));
        Assert.True(match.Success, "README.md does not state the oldest Kubernetes version the manifests need");
        var stated = Version.Parse(match.Groups["version"].Value);
        Assert.NotEmpty(needs);
        Assert.Equal(needs.Max(n => n.Since), stated);
        Assert.Contains($"Kubernetes {stated}", RepositoryRoot.ReadAllText([.. KubernetesManifests.Folder, "kustomization.yaml"]), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"need Kubernetes (?<version>\d+\.\d+) or later")]
    private static partial Regex StatedMinimum();
}
