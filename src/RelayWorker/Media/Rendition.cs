using System.Collections.Immutable;

namespace RelayWorker.Media;

/// <summary>
/// One more output of a route, from the same decode: its own profile and destinations. Measured in
/// BENCHMARKS.md, one ffmpeg that decodes once and splits costs less than a process per rung.
/// </summary>
internal sealed record Rendition(string Name, VideoProfile Profile, ImmutableArray<string> Destinations)
{
    public bool Equals(Rendition? other) =>
        other is not null && Name == other.Name && Profile == other.Profile && Destinations.SequenceEqual(other.Destinations);

    public override int GetHashCode() => HashCode.Combine(Name, Profile, Destinations.Length);
}
