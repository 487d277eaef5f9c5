namespace RelayWorker.Demo;

/// <summary>
/// The embedded demo of <c>./run.sh</c>: a test pattern with a tone, served as an SRT listener on
/// 127.0.0.1:8890. It is added only when asked for on the command line and only when the effective
/// configuration (every provider applied: environment in any spelling .NET accepts, appsettings.json, the
/// command line) holds no route at all, so it never lands silently beside the user's own routes.
/// </summary>
internal static class DemoRoute
{
    /// <summary>The command-line switch run.sh passes.</summary>
    public const string Switch = "--demo-when-unconfigured";

    public const string Name = "demo";
    public const string Source = "testsrc://demo";
    public const string Destination = "srt://127.0.0.1:8890?mode=listener";

    /// <summary>Whether the switch is present, and the arguments without it for the host.</summary>
    public static (bool Requested, string[] HostArguments) Take(string[] args) =>
        (args.Contains(Switch, StringComparer.Ordinal), [.. args.Where(a => a != Switch)]);

    /// <summary>Adds the demo route when no route is configured; true when it did.</summary>
    public static bool AddIfUnconfigured(IConfigurationManager configuration)
    {
        if (configuration.GetSection("Relay:Routes").GetChildren().Any())
        {
            return false;
        }
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Relay:Routes:{Name}:Source"] = Source,
            [$"Relay:Routes:{Name}:Destinations:0"] = Destination,
        });
        return true;
    }
}
