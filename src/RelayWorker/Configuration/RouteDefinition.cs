using System.Collections.Immutable;
using RelayWorker.FFmpeg;

namespace RelayWorker.Configuration;

/// <summary>
/// A validated, immutable route. Two definitions are equal when they would run the same ffmpeg, which is
/// what the reconciler compares to decide whether a configuration change must restart a route.
/// </summary>
internal sealed record RouteDefinition(string Name, string Source, ImmutableArray<string> Destinations, VideoProfile Profile, bool Listen)
{
    public bool Equals(RouteDefinition? other) =>
        other is not null
        && Name == other.Name
        && Source == other.Source
        && Destinations.SequenceEqual(other.Destinations)
        && Profile == other.Profile
        && Listen == other.Listen;

    public override int GetHashCode() => HashCode.Combine(Name, Source, Destinations.Length, Profile, Listen);

    /// <summary>The enabled routes of options that <see cref="RelayOptionsValidator"/> accepted.</summary>
    public static IReadOnlyDictionary<string, RouteDefinition> EnabledRoutes(RelayOptions options) =>
        options.Routes
            .Where(r => r.Value.Enabled)
            .ToDictionary(
                r => r.Key,
                r => new RouteDefinition(
                    r.Key,
                    r.Value.Source!,
                    [.. r.Value.Destinations],
                    ProfileCatalog.Resolve(r.Value.Profile, options.Profiles),
                    r.Value.Listen),
                StringComparer.OrdinalIgnoreCase);
}
