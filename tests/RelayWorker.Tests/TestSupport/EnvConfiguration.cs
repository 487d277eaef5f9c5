using Microsoft.Extensions.Configuration;
using RelayWorker.Configuration;

namespace RelayWorker.Tests.TestSupport;

/// <summary>
/// Configuration written the way operators write it, as environment variables
/// (<c>Relay__Routes__cam1__Source=…</c>), turned into keys exactly as AddEnvironmentVariables does:
/// <c>__</c> becomes the <c>:</c> section separator.
/// </summary>
internal static class EnvConfiguration
{
    public static IConfiguration From(params string[] assignments) => From(Parse(assignments));

    public static IConfiguration From(IEnumerable<KeyValuePair<string, string?>> variables) =>
        new ConfigurationBuilder().AddInMemoryCollection(ToKeys(variables)).Build();

    public static IEnumerable<KeyValuePair<string, string?>> ToKeys(IEnumerable<KeyValuePair<string, string?>> variables) =>
        variables.Select(v => new KeyValuePair<string, string?>(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value));

    /// <summary>NAME=VALUE lines; a later line for the same name wins, as in a shell.</summary>
    public static Dictionary<string, string?> Parse(IEnumerable<string> assignments)
    {
        var variables = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var assignment in assignments)
        {
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            variables[assignment[..eq]] = assignment[(eq + 1)..];
        }
        return variables;
    }

    /// <summary>Reads options the way the host does and returns every problem Program.cs would report.</summary>
    public static ConfigurationProblems Problems(IConfiguration configuration) => RelayOptionsSetup.Check(Options(configuration));

    public static RelayOptions Options(IConfiguration configuration)
    {
        var options = new RelayOptions();
        new RelayOptionsSetup(configuration).Configure(options);
        return options;
    }
}
