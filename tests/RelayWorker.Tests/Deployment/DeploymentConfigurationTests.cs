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
        var environment = YamlDocument.Load("docker-compose.yml").Mapping("services").Mapping("relay-worker").Mapping("environment").ToStrings();

        var options = AssertValid(environment);

        var demo = Assert.Single(options.Routes);
        Assert.Equal("demo", demo.Key);
        Assert.Equal("rtmp://mediamtx:1935/demo", demo.Value.Source);
        Assert.StartsWith("srt://mediamtx:8890?streamid=publish:demo-srt:", Assert.Single(demo.Value.Destinations), StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeRelayEnvironment_Keys_AreExactlyDesignKeys()
    {
        var environment = YamlDocument.Load("docker-compose.yml").Mapping("services").Mapping("relay-worker").Mapping("environment").ToStrings();

        Assert.All(environment.Keys, key => Assert.True(DesignConfigurationKeys.IsDesignKey(key), $"{key} is not a configuration key of README.md"));
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

            var options = AssertValid(environment);

            Assert.Equal(index, options.Shard.Index);
            Assert.Equal(statefulSet.Spec.Replicas, options.Shard.Count);
            Assert.NotEmpty(options.Routes);
        }
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
