using System.Text.RegularExpressions;
using RelayWorker.Media;

namespace RelayWorker.FFmpeg;

/// <summary>
/// <c>testsrc://name[?size=WxH&amp;rate=N]</c>: ffmpeg's colour-bar pattern with a 1 kHz tone, paced in real
/// time. It lets the embedded demo and smoke tests run with no camera and no media server.
/// </summary>
internal static partial class TestPatternSource
{
    public const string DefaultSize = "1280x720";
    public const int DefaultRate = 25;

    [GeneratedRegex("^[0-9]{2,4}x[0-9]{2,4}$")]
    private static partial Regex SizePattern();

    public static void Add(List<string> args, Uri uri)
    {
        // Only digits reach the lavfi graph, so a URL cannot inject filter syntax.
        var size = UrlQuery.Get(uri.Query, "size") is { } s && SizePattern().IsMatch(s) ? s : DefaultSize;
        var rate = int.TryParse(UrlQuery.Get(uri.Query, "rate"), out var r) && r is > 0 and <= 60 ? r : DefaultRate;
        args.AddRange([
            "-re", "-f", "lavfi", "-i", $"testsrc2=size={size}:rate={FfmpegArguments.Number(rate)}",
            "-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
        ]);
    }

    public static bool IsTestPattern(string source) =>
        source.StartsWith(EndpointScheme.TestPattern + "://", StringComparison.OrdinalIgnoreCase);
}
