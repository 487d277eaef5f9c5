namespace RelayWorker.Configuration;

/// <summary>One relay route: a source, one or more destinations, and what happens to the media between.</summary>
public sealed class RouteOptions
{
    public string? Source { get; set; }

    /// <summary>Bound from <c>Destinations__0</c>, <c>Destinations__1</c>, … in index order.</summary>
    public List<string> Destinations { get; init; } = [];

    public string Profile { get; set; } = RelayDefaults.Profile;

    public bool Enabled { get; set; } = true;

    /// <summary>When true the route's ffmpeg listens on the source address instead of connecting to it.</summary>
    public bool Listen { get; set; }

    /// <summary>Further outputs from the same decode, each with its own profile and destinations.</summary>
    public Dictionary<string, RenditionOptions> Renditions { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Backup sources in priority order (<c>Backups__0</c> first), used when the source delivers no media.</summary>
    public List<string> Backups { get; init; } = [];

    /// <summary><c>none</c>, <c>builtin</c> or the absolute path of a PNG or JPEG shown when no source delivers.</summary>
    public string Slate { get; set; } = RelayDefaults.Slate;

    /// <summary>A route with backups or a slate keeps its destinations connected through source loss.</summary>
    public bool IsContinuous => Backups.Count > 0 || !SlateRules.IsNone(Slate);
}
