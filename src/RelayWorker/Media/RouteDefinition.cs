using System.Collections.Immutable;

namespace RelayWorker.Media;

/// <summary>
/// A validated, immutable route. Two definitions are equal when they would run the same ffmpeg, which is
/// what the reconciler compares to decide whether a configuration change must restart a route.
/// </summary>
internal sealed record RouteDefinition(string Name, string Source, ImmutableArray<string> Destinations, VideoProfile Profile, bool Listen)
{
    /// <summary>Outputs beyond the main one, in name order; empty for a plain route.</summary>
    public ImmutableArray<Rendition> Renditions { get; init; } = [];

    /// <summary>The route's ffmpeg also writes a picture of each keyframe (Relay__Thumbnails__Enabled, copy routes).</summary>
    public bool Thumbnail { get; init; }

    /// <summary>Backup sources in priority order; with a slate, they make the route continuous.</summary>
    public ImmutableArray<string> Backups { get; init; } = [];

    /// <summary><c>none</c>, <c>builtin</c> or an image path (Relay__Routes__&lt;name&gt;__Slate).</summary>
    public string Slate { get; init; } = "none";

    /// <summary>Its destinations keep one connection through source loss: one output ffmpeg fed by the worker.</summary>
    public bool IsContinuous => !Backups.IsEmpty || HasSlate;

    public bool HasSlate => !string.IsNullOrWhiteSpace(Slate) && !Slate.Equals("none", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every destination, main ones first, then each rendition's: the index the status API and
    /// relay_destination_up use.</summary>
    public ImmutableArray<string> AllDestinations => [.. Destinations, .. Renditions.SelectMany(r => r.Destinations)];

    public bool Equals(RouteDefinition? other) =>
        other is not null
        && Name == other.Name
        && Source == other.Source
        && Destinations.SequenceEqual(other.Destinations)
        && Profile == other.Profile
        && Listen == other.Listen
        && Renditions.SequenceEqual(other.Renditions)
        && Thumbnail == other.Thumbnail
        && Backups.SequenceEqual(other.Backups)
        && string.Equals(Slate, other.Slate, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Name, Source, Destinations.Length, Profile, Listen);
}
