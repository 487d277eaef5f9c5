using System.Globalization;
using System.Text.RegularExpressions;

namespace RelayWorker.Continuity;

/// <summary>
/// What a copy route's slate must match so destinations can keep decoding one stream: the live source's video
/// and audio parameters, learnt from the "Stream #0:n" lines an ingest ffmpeg logs about its input (resolution,
/// frame rate, pixel format, profile, audio codec, rate and layout) and from the H.264 SPS for the level, which
/// those lines do not show.
/// </summary>
internal sealed partial record SourceStreamInfo(
    string VideoCodec, string? VideoProfile, string PixelFormat, int Width, int Height, string FrameRate,
    string? AudioCodec, int AudioSampleRate, string? AudioLayout)
{
    /// <summary>H.264 level_idc from the SPS (31 is level 3.1), or null when not seen yet.</summary>
    public int? LevelIdc { get; init; }

    [GeneratedRegex(@"Stream #\d+:\d+.*?: Video: (?<codec>\w+)(?: \((?<profile>[^)]+)\))?[^,]*, (?<pix>\w+)(?:\([^)]*\))?, (?<w>\d+)x(?<h>\d+).*?, (?<fps>[\d.]+(?:k)?) (?:fps|tbr)", RegexOptions.CultureInvariant)]
    private static partial Regex VideoLine();

    [GeneratedRegex(@"Stream #\d+:\d+.*?: Audio: (?<codec>\w+)(?: \([^)]*\))?[^,]*, (?<rate>\d+) Hz, (?<layout>[^,]+)", RegexOptions.CultureInvariant)]
    private static partial Regex AudioLine();

    /// <summary>
    /// Reads the input's first video and audio stream from ffmpeg's log lines, up to the "Output #0" header
    /// (after it the lines describe what ffmpeg writes, not what the source is). Null without a video stream.
    /// </summary>
    public static SourceStreamInfo? FromFfmpegLog(IEnumerable<string> lines)
    {
        Match? video = null;
        Match? audio = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("Output #", StringComparison.Ordinal))
            {
                break;
            }
            if (video is null && VideoLine().Match(line) is { Success: true } v)
            {
                video = v;
            }
            else if (audio is null && AudioLine().Match(line) is { Success: true } a)
            {
                audio = a;
            }
        }
        if (video is null)
        {
            return null;
        }
        return new SourceStreamInfo(
            video.Groups["codec"].Value,
            video.Groups["profile"].Success ? video.Groups["profile"].Value : null,
            video.Groups["pix"].Value,
            int.Parse(video.Groups["w"].Value, CultureInfo.InvariantCulture),
            int.Parse(video.Groups["h"].Value, CultureInfo.InvariantCulture),
            ExactFrameRate(video.Groups["fps"].Value),
            audio?.Groups["codec"].Value,
            audio is null ? 0 : int.Parse(audio.Groups["rate"].Value, CultureInfo.InvariantCulture),
            audio?.Groups["layout"].Value.Trim());
    }

    /// <summary>ffmpeg prints NTSC rates rounded; the slate must run at the exact rational rate.</summary>
    private static string ExactFrameRate(string printed) => printed switch
    {
        "23.98" or "23.976" => "24000/1001",
        "29.97" => "30000/1001",
        "59.94" => "60000/1001",
        _ => printed,
    };
}
