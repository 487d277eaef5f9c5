using YamlDotNet.RepresentationModel;

namespace RelayWorker.Tests.Deployment;

/// <summary>One object a kustomization would emit: its API group/version, kind and name, and the file it came from.</summary>
internal sealed record KustomizeObject(string ApiVersion, string Kind, string Name, string File)
{
    /// <summary>
    /// Built into every API server: the core group (<c>v1</c>) and groups that are unqualified or end in
    /// <c>.k8s.io</c>. Anything else (monitoring.coreos.com) is a custom resource that needs its CRD installed.
    /// </summary>
    public bool IsBuiltInKind
    {
        get
        {
            var slash = ApiVersion.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                return ApiVersion == "v1";
            }
            var group = ApiVersion[..slash];
            return !group.Contains('.', StringComparison.Ordinal) || group.EndsWith(".k8s.io", StringComparison.Ordinal);
        }
    }
}

/// <summary>
/// Resolves a kustomization the way <c>kustomize build</c> collects objects: every <c>resources</c> entry (a
/// manifest file, or a folder with its own kustomization, recursively) plus every <c>components</c> entry's
/// resources. No kustomize binary is needed, so the test runs wherever the suite does; patches and generators are
/// not applied, which is enough to tell which kinds a build contains.
/// </summary>
internal static class KustomizeTree
{
    private const int MaxDepth = 8;

    public static IReadOnlyList<KustomizeObject> Objects(params string[] folder) => Collect(RepositoryRoot.PathTo(folder), 0);

    public static YamlMappingNode Kustomization(params string[] folder) => YamlDocument.Load([.. folder, "kustomization.yaml"]);

    private static List<KustomizeObject> Collect(string directory, int depth)
    {
        Assert.True(depth < MaxDepth, $"{directory}: kustomizations nest deeper than {MaxDepth}; a cycle?");
        var kustomization = LoadSingle(Path.Combine(directory, "kustomization.yaml"));
        var objects = new List<KustomizeObject>();
        foreach (var entry in Entries(kustomization, "resources").Concat(Entries(kustomization, "components")))
        {
            var path = Path.GetFullPath(Path.Combine(directory, entry));
            if (Directory.Exists(path))
            {
                objects.AddRange(Collect(path, depth + 1));
            }
            else
            {
                Assert.True(File.Exists(path), $"{directory}/kustomization.yaml lists {entry}, which does not exist");
                objects.AddRange(Manifests(path));
            }
        }
        return objects;
    }

    private static IEnumerable<string> Entries(YamlMappingNode kustomization, string key) =>
        kustomization.Has(key) ? kustomization.Sequence(key).Select(node => node.ToString()) : [];

    private static IEnumerable<KustomizeObject> Manifests(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(file));
        stream.Load(reader);
        foreach (var document in stream.Documents)
        {
            var root = Assert.IsType<YamlMappingNode>(document.RootNode);
            yield return new KustomizeObject(
                root.Scalar("apiVersion") ?? "",
                root.Scalar("kind") ?? "",
                root.Mapping("metadata").Scalar("name") ?? "",
                Path.GetRelativePath(RepositoryRoot.Directory, file));
        }
    }

    private static YamlMappingNode LoadSingle(string file)
    {
        Assert.True(File.Exists(file), $"{file} is missing");
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(file));
        stream.Load(reader);
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }
}
