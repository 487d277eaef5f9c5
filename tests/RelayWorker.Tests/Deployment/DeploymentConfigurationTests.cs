using System.Globalization;
using Microsoft.Extensions.Configuration;
using RelayWorker.Configuration;

namespace RelayWorker.Tests.Deployment;

// The deployment files configure the worker only through environment variables. These tests feed
// exactly those variables to the worker's own reader and validator, so a route that would stop the
// container at start fails here first.
public sealed class DeploymentConfigurationTests
{
    [Fact]
    public void ComposeRelayEnvironment_ReadByTheWorker_HasNoProblems()
    {
        var compose = YamlDocument.Load("docker-compose.yml");
        var environment = new Dictionary<string, string>(
            compose.Mapping("services").Mapping("relay-worker").Mapping("environment").ToStrings(), StringComparer.Ordinal);
        // The token file is the compose secret, which compose mounts at /run/secrets/<name>: read here from the repository.
        var secret = Assert.Single(compose.Mapping("services").Mapping("relay-worker").Sequence("secrets")).ToString();
        Assert.Equal($"/run/secrets/{secret}", environment["Relay__Api__TokenFile"]);
        environment["Relay__Api__TokenFile"] = RepositoryRoot.PathTo([.. compose.Mapping("secrets").Mapping(secret).Scalar("file")!.Split('/').Skip(1)]);

        var options = AssertValid(environment);

        var demo = Assert.Single(options.Routes);
        Assert.Equal("demo", demo.Key);
        Assert.Equal("rtmp://mediamtx:1935/demo", demo.Value.Source);
        Assert.StartsWith("srt://mediamtx:8890?streamid=publish:demo-srt:", Assert.Single(demo.Value.Destinations), StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeRelayEnvironment_Keys_AreKeysTheWorkerReads()
    {
        var environment = YamlDocument.Load("docker-compose.yml").Mapping("services").Mapping("relay-worker").Mapping("environment").ToStrings();

        Assert.All(environment.Keys, key => Assert.True(KnownConfigurationKeys.IsKnown(key), $"{key} is not a key the worker reads"));
    }

    [Fact]
    public void KubernetesPodEnvironment_EveryShard_HasNoProblems()
    {
        var statefulSet = KubernetesManifests.StatefulSet();
        var literal = KubernetesManifests.WorkerContainer().Env.Where(variable => variable.Value is not null);

        // What a pod sees: the ConfigMap and the Secret through envFrom, then the container's own env,
        // with the pod-index label resolved to each replica's ordinal in turn.
        for (var index = 0; index < statefulSet.Spec.Replicas; index++)
        {
            var environment = new Dictionary<string, string>(KubernetesManifests.ConfigMap().Data, StringComparer.Ordinal);
            foreach (var (key, value) in KubernetesManifests.Secret().StringData)
            {
                environment[key] = value;
            }
            foreach (var variable in literal)
            {
                environment[variable.Name] = variable.Value;
            }
            environment["Relay__Shard__Index"] = index.ToString(CultureInfo.InvariantCulture);
            // The token file is the api-token Secret as the kubelet mounts it: one file per key.
            using var mounted = MountedApiTokenSecret(environment);

            var options = AssertValid(environment);

            Assert.Equal(index, options.Shard.Index);
            Assert.Equal(statefulSet.Spec.Replicas, options.Shard.Count);
            Assert.NotEmpty(options.Routes);
        }
    }

    /// <summary>Writes the token Secret's keys as files into a temp directory and points Relay__Api__TokenFile there.</summary>
    private static TempSecretMount MountedApiTokenSecret(Dictionary<string, string> environment)
    {
        var mount = new TempSecretMount();
        var tokenFile = environment["Relay__Api__TokenFile"];
        foreach (var (key, value) in KubernetesManifests.ApiTokenSecret().StringData)
        {
            File.WriteAllText(Path.Combine(mount.Directory.FullName, key), value);
        }
        environment["Relay__Api__TokenFile"] = Path.Combine(mount.Directory.FullName, Path.GetFileName(tokenFile));
        return mount;
    }

    private sealed class TempSecretMount : IDisposable
    {
        public DirectoryInfo Directory { get; } = System.IO.Directory.CreateTempSubdirectory("relayworker-secret-mount-");

        public void Dispose() => Directory.Delete(recursive: true);
    }

    private static RelayOptions AssertValid(IReadOnlyDictionary<string, string> environment)
    {
        // The environment-variables provider turns "__" into the ":" section separator; so does this.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(pair =>
                KeyValuePair.Create(pair.Key.Replace("__", ":", StringComparison.Ordinal), (string?)pair.Value)))
            .Build();
        var problems = new ConfigurationProblems();

        var options = RelayConfigurationReader.Read(configuration, problems);
        RelayOptionsValidator.Validate(options, problems);

        Assert.False(problems.Any, problems.ToMessage());
        return options;
    }
}
