namespace RelayWorker.Configuration;

/// <summary>The <c>Relay</c> configuration section: every route and the settings they share.</summary>
public sealed class RelayOptions
{
    public const string SectionName = "Relay";

    /// <summary>Routes keyed by name, so a name is unique by construction (configuration keys ignore case).</summary>
    public Dictionary<string, RouteOptions> Routes { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Custom encoding profiles keyed by name; the built-in ladder needs no entry here.</summary>
    public Dictionary<string, ProfileOptions> Profiles { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public string FfmpegPath { get; set; } = RelayDefaults.FfmpegPath;

    public RestartOptions Restart { get; init; } = new();

    /// <summary>Grace between SIGINT and SIGKILL when a child is stopped.</summary>
    public TimeSpan StopTimeout { get; set; } = RelayDefaults.StopTimeout;

    /// <summary>How long media may stop advancing before the route is restarted as stalled.</summary>
    public TimeSpan StallTimeout { get; set; } = RelayDefaults.StallTimeout;

    /// <summary><c>text</c> or <c>json</c>.</summary>
    public string LogFormat { get; set; } = RelayDefaults.LogFormat;

    public ShardOptions Shard { get; init; } = new();

    /// <summary>Loss and failback timing of continuous routes.</summary>
    public FailoverOptions Failover { get; init; } = new();

    /// <summary>Problems found while reading the values (unknown keys, unparsable values).</summary>
    internal ConfigurationProblems ReadProblems { get; set; } = new();
}
