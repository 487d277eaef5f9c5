namespace RelayWorker.Tests.Deployment;

public sealed class KubernetesManifestTests
{
    [Fact]
    public void ConfigMapAndSecret_Keys_AreExactlyDesignKeys()
    {
        var keys = KubernetesManifests.ConfigMap().Data.Keys.Concat(KubernetesManifests.Secret().StringData.Keys).ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.True(DesignConfigurationKeys.IsDesignKey(key), $"{key} is not a configuration key of README.md"));
        // The shard comes from the pod, never from shared configuration every replica reads.
        Assert.DoesNotContain(keys, key => key.StartsWith("Relay__Shard__", StringComparison.Ordinal));
    }

    [Fact]
    public void Secret_Values_ArePlaceholders()
    {
        Assert.All(KubernetesManifests.Secret().StringData.Values, value => Assert.Contains("CHANGE-ME", value, StringComparison.Ordinal));
        Assert.Null(KubernetesManifests.Secret().Data);
    }

    [Fact]
    public void ServiceAndDisruptionBudget_SelectTheWorkerPods()
    {
        var podLabels = KubernetesManifests.StatefulSet().Spec.Template.Metadata.Labels;
        var service = KubernetesManifests.Service();
        var budget = KubernetesManifests.PodDisruptionBudget();

        Assert.All(service.Spec.Selector, pair => Assert.Equal(pair.Value, podLabels[pair.Key]));
        Assert.All(budget.Spec.Selector.MatchLabels, pair => Assert.Equal(pair.Value, podLabels[pair.Key]));
        Assert.Equal(KubernetesManifests.StatefulSet().Spec.ServiceName, service.Metadata.Name);
        Assert.Equal("http", Assert.Single(service.Spec.Ports).TargetPort.Value);
        Assert.True(service.Spec.PublishNotReadyAddresses);
        Assert.Equal("1", budget.Spec.MaxUnavailable.Value);
    }
}
