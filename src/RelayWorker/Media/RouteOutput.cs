using System.Collections.Immutable;
using System.Globalization;

namespace RelayWorker.Media;

/// <summary>
/// One output of a route as its ffmpeg produces it: the main output or a rendition, with the profile actually
/// encoded. The argument builders and the status API read the same list, so what the API says a route does is
/// what its command line does.
/// </summary>
internal sealed record RouteOutput(string Name, VideoProfile Profile, ImmutableArray<string> Destinations)
{
    public const string MainName = "main";

    /// <summary>The outputs of a route: the main one (if it has destinations), then each rendition in name order.</summary>
    public static ImmutableArray<RouteOutput> Of(RouteDefinition route) =>
    [
        .. route.Destinations.IsEmpty ? [] : new[] { new RouteOutput(MainName, ProfileCatalog.Effective(route.Source, route.Profile), route.Destinations) },
        .. route.Renditions.Select(r => new RouteOutput(r.Name, ProfileCatalog.Effective(route.Source, r.Profile), r.Destinations)),
    ];

    /// <summary>What the video becomes, in words: "copy" or e.g. "h264 720p 25 fps 1400 kbit/s (width from the source's aspect)".</summary>
    public string Video => Profile.IsCopy
        ? "copy"
        : string.Create(CultureInfo.InvariantCulture, $"{Profile.Codec} {Profile.Height}p {Profile.Fps} fps {Profile.VideoKbps} kbit/s");

    /// <summary>What the audio becomes: "copy", "none" or e.g. "aac 64 kbit/s".</summary>
    public string Audio => Profile.IsCopy ? "copy"
        : Profile.AudioKbps == 0 ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"aac {Profile.AudioKbps} kbit/s");
}
