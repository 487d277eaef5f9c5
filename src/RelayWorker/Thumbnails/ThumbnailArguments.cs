using System.Globalization;
using RelayWorker.Media;

namespace RelayWorker.Thumbnails;

/// <summary>
/// One more output in the route's own ffmpeg: its video decoded at keyframes only (<c>-skip_frame nokey</c>, which a
/// copy route can afford because that decoder feeds nothing else), scaled to <see cref="Width"/> px and written as a
/// JPEG that each keyframe replaces (<c>-update 1</c>, renamed into place so a reader never sees half a file).
/// </summary>
internal static class ThumbnailArguments
{
    public const int Width = 320;

    /// <summary>Only a plain copy route: an encoding route's decoder must decode every frame for its encoder.</summary>
    public static bool Applies(RouteDefinition route) =>
        route.Profile.IsCopy && route.Renditions.IsEmpty && !FFmpeg.TestPatternSource.IsTestPattern(route.Source);

    /// <summary>Adds the decoder option before the input and the picture output after the others.</summary>
    public static void Add(List<string> args, RouteDefinition route)
    {
        var input = args.IndexOf("-i");
        args.InsertRange(input, ["-skip_frame", "nokey"]);
        args.AddRange([
            "-map", "0:v:0", "-an", "-sn", "-dn",
            "-vf", "scale=" + Width.ToString(CultureInfo.InvariantCulture) + ":-2",
            // One picture per decoded keyframe: no frame is duplicated to fill a frame rate.
            "-fps_mode", "passthrough",
            "-c:v", "mjpeg", "-q:v", "5",
            "-update", "1", "-atomic_writing", "1",
            "-f", "image2", ThumbnailFiles.PathFor(route.Name),
        ]);
    }
}
