namespace RelayWorker.IntegrationTests.Relay;

/// <summary>Builds the environment variables a user would set, exactly as README.md's "Configuration" section spells them.</summary>
internal sealed class RouteEnvironment
{
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal)
    {
        // Tests restart children on purpose; a short grace keeps shutdown tests quick.
        ["Relay__StopTimeout"] = "00:00:03",
    };

    public RouteEnvironment Route(string name, string source, params string[] destinations)
    {
        _variables[$"Relay__Routes__{name}__Source"] = source;
        for (var i = 0; i < destinations.Length; i++)
        {
            _variables[$"Relay__Routes__{name}__Destinations__{i}"] = destinations[i];
        }
        return this;
    }

    public RouteEnvironment Set(string key, string value)
    {
        _variables[key] = value;
        return this;
    }

    public IReadOnlyDictionary<string, string> Build() => _variables;
}
