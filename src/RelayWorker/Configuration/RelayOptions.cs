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

    /// <summary>Where ffmpeg's capability listings are remembered across starts; empty: not remembered.</summary>
    public string CapabilityCache { get; set; } = RelayDefaults.CapabilityCache;

    public RestartOptions Restart { get; init; } = new();

    /// <summary>Grace between SIGINT and SIGKILL when a child is stopped.</summary>
    public TimeSpan StopTimeout { get; set; } = RelayDefaults.StopTimeout;

    /// <summary>How long media may stop advancing before the route is restarted as stalled.</summary>
    public TimeSpan StallTimeout { get; set; } = RelayDefaults.StallTimeout;

    /// <summary>How long a run may take from its ffmpeg's start to its first media (connect, probe, handshake).</summary>
    public TimeSpan StartTimeout { get; set; } = RelayDefaults.StartTimeout;

    /// <summary>Routes allowed in their starting phase at once; the others wait their turn.</summary>
    public int MaxStartingRoutes { get; set; } = RelayDefaults.MaxStartingRoutes;

    /// <summary>Niceness added to every ffmpeg child (0-19), so the worker and its endpoints stay ahead of them.</summary>
    public int ChildNiceness { get; set; } = RelayDefaults.ChildNiceness;

    /// <summary><c>text</c> or <c>json</c>.</summary>
    public string LogFormat { get; set; } = RelayDefaults.LogFormat;

    public ShardOptions Shard { get; init; } = new();

    /// <summary>The control endpoints' bearer token; none configured turns them off.</summary>
    public Control.ApiOptions Api { get; init; } = new();

    /// <summary>A picture of each copy route at every keyframe; off by default.</summary>
    public Thumbnails.ThumbnailOptions Thumbnails { get; init; } = new();
    /// <summary>Webhooks that receive route and configuration events.</summary>
    public EventsOptions Events { get; init; } = new();
    /// <summary>Loss and failback timing of continuous routes.</summary>
    public FailoverOptions Failover { get; init; } = new();

    /// <summary>Problems found while reading the values (unknown keys, unparsable values).</summary>
    internal ConfigurationProblems ReadProblems { get; set; } = new();
}
