using YamlDotNet.RepresentationModel;

namespace RelayWorker.Tests.Deployment;

/// <summary>
/// Untyped YAML access for files that have no typed model here (compose, PodMonitor, kustomization):
/// the node tree keeps scalars as the strings they were written as, which is what an environment sees.
/// </summary>
internal static class YamlDocument
{
    public static YamlMappingNode Load(params string[] relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepositoryRoot.ReadAllText(relativePath));
        stream.Load(reader);
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    public static YamlMappingNode Mapping(this YamlMappingNode node, string key) =>
        Assert.IsType<YamlMappingNode>(node.Children[new YamlScalarNode(key)]);

    public static YamlSequenceNode Sequence(this YamlMappingNode node, string key) =>
        Assert.IsType<YamlSequenceNode>(node.Children[new YamlScalarNode(key)]);

    public static string? Scalar(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    public static bool Has(this YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>A mapping of scalars (compose environment, ConfigMap data) as a dictionary.</summary>
    public static Dictionary<string, string> ToStrings(this YamlMappingNode node) =>
        node.Children.ToDictionary(
            pair => ((YamlScalarNode)pair.Key).Value!,
            pair => ((YamlScalarNode)pair.Value).Value ?? "",
            StringComparer.Ordinal);
}
