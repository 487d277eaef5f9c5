namespace RelayWorker.Configuration;

/// <summary>How the list of known keys spells the parts of a key the operator chooses.</summary>
public static class ConfigurationKeyPlaceholders
{
    /// <summary>A name the operator gives, such as a route's: <c>Relay__Routes__&lt;name&gt;__Source</c>.</summary>
    public const string Name = "<name>";

    /// <summary>A list position: <c>Relay__Routes__&lt;name&gt;__Destinations__&lt;i&gt;</c>.</summary>
    public const string Index = "<i>";

    internal static string Join(string path, string segment) => path + "__" + segment;
}
