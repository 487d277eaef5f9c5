using System.Globalization;

namespace RelayWorker.Tests.Deployment;

public sealed class KubernetesStatefulSetTests
{
    private const long WorkerUid = 1654; // The `app` user of the .NET runtime images.

    [Fact]
    public void StatefulSet_Probes_UseTheDesignHealthPaths()
    {
        var container = KubernetesManifests.WorkerContainer();

        Assert.Equal("/healthz/live", container.StartupProbe.HttpGet.Path);
        Assert.Equal("/healthz/live", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/healthz/ready", container.ReadinessProbe.HttpGet.Path);
        Assert.All(
            [container.StartupProbe, container.LivenessProbe, container.ReadinessProbe],
            probe => Assert.Equal("http", probe.HttpGet.Port.Value));
        Assert.Equal(8080, Assert.Single(container.Ports, port => port.Name == "http").ContainerPort);
    }

    [Fact]
    public void StatefulSet_SecurityContext_IsLockedDown()
    {
        var pod = KubernetesManifests.StatefulSet().Spec.Template.Spec;
        var container = KubernetesManifests.WorkerContainer();

        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal(WorkerUid, pod.SecurityContext.RunAsUser);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.False(pod.AutomountServiceAccountToken);
    }

    [Fact]
    public void StatefulSet_Tmp_IsTheOnlyWritableMount()
    {
        var pod = KubernetesManifests.StatefulSet().Spec.Template.Spec;
        // Read-only mounts (the control API's token Secret) are not writable paths.
        var mount = Assert.Single(KubernetesManifests.WorkerContainer().VolumeMounts, m => m.ReadOnlyProperty != true);

        Assert.Equal("/tmp", mount.MountPath);
        Assert.NotNull(Assert.Single(pod.Volumes, volume => volume.Name == mount.Name).EmptyDir);
    }

    [Fact]
    public void StatefulSet_ApiToken_IsAFileFromItsSecretMountedReadOnly()
    {
        var container = KubernetesManifests.WorkerContainer();
        var tokenFile = Assert.Single(container.Env, e => e.Name == "Relay__Api__TokenFile").Value;
        var mount = Assert.Single(container.VolumeMounts, m => m.ReadOnlyProperty == true);
        var volume = Assert.Single(KubernetesManifests.StatefulSet().Spec.Template.Spec.Volumes, v => v.Name == mount.Name);
        var secret = KubernetesManifests.ApiTokenSecret();

        Assert.Equal(secret.Metadata.Name, volume.Secret.SecretName);
        Assert.Equal($"{mount.MountPath}/{Assert.Single(secret.StringData.Keys)}", tokenFile);
        Assert.Contains("CHANGE-ME", secret.StringData.Values.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void StatefulSet_TerminationGrace_ExceedsTheWorkersShutdownBudget()
    {
        var grace = TimeSpan.FromSeconds(KubernetesManifests.StatefulSet().Spec.Template.Spec.TerminationGracePeriodSeconds!.Value);
        var stopTimeout = TimeSpan.Parse(KubernetesManifests.ConfigMap().Data["Relay__StopTimeout"], CultureInfo.InvariantCulture);

        Assert.True(grace > stopTimeout + TimeSpan.FromSeconds(5), $"{grace} leaves no room after StopTimeout {stopTimeout} + 5 s");
    }

    [Fact]
    public void StatefulSet_ShardSettings_ComeFromThePodIndexAndReplicaCount()
    {
        var statefulSet = KubernetesManifests.StatefulSet();
        var env = KubernetesManifests.WorkerContainer().Env;

        var index = Assert.Single(env, variable => variable.Name == "Relay__Shard__Index");
        Assert.Equal("metadata.labels['apps.kubernetes.io/pod-index']", index.ValueFrom.FieldRef.FieldPath);
        var count = Assert.Single(env, variable => variable.Name == "Relay__Shard__Count");
        Assert.Equal(statefulSet.Spec.Replicas.ToString(), count.Value);
        Assert.All(env, variable => Assert.True(KnownConfigurationKeys.IsKnown(variable.Name), variable.Name));
    }

    [Fact]
    public void StatefulSet_Environment_ComesFromTheConfigMapAndSecret()
    {
        var sources = KubernetesManifests.WorkerContainer().EnvFrom;

        Assert.Contains(sources, source => source.ConfigMapRef?.Name == KubernetesManifests.ConfigMap().Metadata.Name);
        Assert.Contains(sources, source => source.SecretRef?.Name == KubernetesManifests.Secret().Metadata.Name);
    }

    [Fact]
    public void StatefulSet_PodTemplate_CarriesScrapeAnnotationsAndResources()
    {
        var template = KubernetesManifests.StatefulSet().Spec.Template;
        var resources = KubernetesManifests.WorkerContainer().Resources;

        Assert.Equal("true", template.Metadata.Annotations["prometheus.io/scrape"]);
        Assert.Equal("8080", template.Metadata.Annotations["prometheus.io/port"]);
        Assert.Equal("/metrics", template.Metadata.Annotations["prometheus.io/path"]);
        Assert.True(resources.Requests.ContainsKey("cpu") && resources.Requests.ContainsKey("memory"));
        Assert.True(resources.Limits.ContainsKey("memory"));
    }
}
