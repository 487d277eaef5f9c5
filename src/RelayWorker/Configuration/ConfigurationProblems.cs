namespace RelayWorker.Configuration;

/// <summary>
/// Collects every configuration problem so the operator sees all of them in one message,
/// each naming the key the way it is set (as an environment variable) and why it is wrong.
/// </summary>
public sealed class ConfigurationProblems
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> All => _problems;

    public bool Any => _problems.Count > 0;

    public void Add(string key, string why) => _problems.Add($"{key}: {why}");

    internal void AddRaw(string problem) => _problems.Add(problem);

    /// <summary>A collection that starts with these problems and grows on its own.</summary>
    internal ConfigurationProblems Copy()
    {
        var copy = new ConfigurationProblems();
        copy._problems.AddRange(_problems);
        return copy;
    }

    /// <summary>The environment-variable spelling of a configuration path.</summary>
    public static string Key(params string[] segments) =>
        string.Join("__", segments.Prepend(RelayOptions.SectionName));

    public string ToMessage() =>
        $"Invalid configuration ({_problems.Count} problem{(_problems.Count == 1 ? "" : "s")}):"
        + string.Concat(_problems.Select(p => Environment.NewLine + "  - " + p));
}
