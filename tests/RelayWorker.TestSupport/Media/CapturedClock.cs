using System.Globalization;

namespace RelayWorker.TestSupport;

/// <summary>
/// What a viewer of a continuous route's output saw, read back from a capture with ffprobe and ffmpeg: the video
/// and audio clocks, the formats of the decoded frames (ffprobe 5.1 gives an audio frame's channels, not its rate:
/// an AAC packet's duration, 1024 samples, tells the rate instead),
/// and whatever the decoder complained about.
/// </summary>
internal sealed record CapturedClock(
    IReadOnlyList<long> VideoDts, IReadOnlyList<long> VideoPts, IReadOnlyList<long> AudioDts, IReadOnlyList<string> VideoFormats,
    IReadOnlyList<string> AudioChannels, IReadOnlyList<long> AudioPacketDurations, string DecodeErrors)
{
    private const double TicksPerSecond = 90_000;

    /// <summary>The end of a recording that the decode check leaves out, in seconds.</summary>
    public const double UndecodedTail = 1.0;

    public static async Task<CapturedClock> ReadAsync(string path)
    {
        var video = await RunAsync("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=dts,pts", "-of", "csv=p=0", path);
        var audio = await RunAsync("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "packet=dts,duration", "-of", "csv=p=0", path);
        var videoFrames = await RunAsync("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=width,height,pix_fmt", "-of", "csv=p=0", path);
        var audioFrames = await RunAsync("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "frame=channels", "-of", "csv=p=0", path);
        var videoRows = Rows(video);
        var pts = videoRows.Select(r => Number(r, 0)).OfType<long>().ToList();
        var span = pts.Count < 2 ? 0 : (pts.Max() - pts.Min()) / TicksPerSecond;
        // The last second is left out: a recording ends where the route was stopped, and its last frame may be cut
        // off there (no stop of a live stream ends on a frame boundary); that is no switch a viewer saw.
        var decoded = Math.Max(0, span - UndecodedTail).ToString("0.000", CultureInfo.InvariantCulture);
        // Each stream decoded on its own: what the decoders report. Decoding both into one null muxer adds ffmpeg's own
        // complaints about how it interleaves their timestamps (a guessed frame rate, audio against video start times),
        // which say nothing about the stream; the timestamps themselves are checked packet by packet above.
        var decode = await RunAsync("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-t", decoded, "-i", path, "-map", "0:v:0", "-f", "null", "-")
            + await RunAsync("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-t", decoded, "-i", path, "-map", "0:a:0?", "-f", "null", "-");
        var audioRows = Rows(audio);
        return new CapturedClock(
            [.. videoRows.Select(r => Number(r, 1)).OfType<long>()],
            [.. videoRows.Select(r => Number(r, 0)).OfType<long>()],
            [.. audioRows.Select(r => Number(r, 0)).OfType<long>()],
            [.. Rows(videoFrames).Select(r => string.Join(',', r)).Distinct()],
            [.. Rows(audioFrames).Select(r => string.Join(',', r)).Distinct()],
            [.. audioRows.Select(r => Number(r, 1)).OfType<long>().Distinct()],
            decode.Trim());
    }

    /// <summary>For a report: each decoder complaint with the presentation time of the picture decoded before it.</summary>
    public static async Task<string> LocateDecodeErrorsAsync(string path)
    {
        var log = await RunAsync("ffmpeg", "-hide_banner", "-nostdin", "-v", "info", "-i", path, "-map", "0:v:0", "-vf", "showinfo", "-f", "null", "-");
        var located = new List<string>();
        var lastPicture = "before the first picture";
        foreach (var line in log.Split('\n'))
        {
            if (line.Contains("pts_time:", StringComparison.Ordinal))
            {
                var at = line.IndexOf("pts_time:", StringComparison.Ordinal);
                lastPicture = line[at..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            }
            else if (line.StartsWith("[h264", StringComparison.Ordinal) || line.StartsWith("[hevc", StringComparison.Ordinal))
            {
                located.Add($"{line.Trim()} (after {lastPicture})");
            }
        }
        return string.Join('\n', located);
    }

    public int VideoDtsBackwards => VideoDts.Zip(VideoDts.Skip(1)).Count(p => p.Second <= p.First);

    public int AudioDtsBackwards => AudioDts.Zip(AudioDts.Skip(1)).Count(p => p.Second <= p.First);

    /// <summary>
    /// Steps forward of less than a millisecond: frames an ffmpeg's muxer wrote one tick after the last because their
    /// own timestamps lay before it. Not backwards, but a viewer gets seconds of samples for one moment.
    /// </summary>
    public int VideoSqueezedSteps => SqueezedSteps(VideoDts);

    public int AudioSqueezedSteps => SqueezedSteps(AudioDts);

    private static int SqueezedSteps(IReadOnlyList<long> dts) => dts.Zip(dts.Skip(1)).Count(p => p.Second > p.First && p.Second - p.First < TicksPerSecond / 1000);

    /// <summary>The largest step between consecutive video DTS, in seconds.</summary>
    public double LargestVideoStep => VideoDts.Zip(VideoDts.Skip(1)).Select(p => (p.Second - p.First) / TicksPerSecond).DefaultIfEmpty(0).Max();

    public double VideoSpanSeconds => VideoPts.Count < 2 ? 0 : (VideoPts.Max() - VideoPts.Min()) / TicksPerSecond;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{VideoDts.Count} video packets, {AudioDts.Count} audio packets, span {VideoSpanSeconds:0.00} s, largest video step {LargestVideoStep:0.000} s, video backwards {VideoDtsBackwards}, audio backwards {AudioDtsBackwards}, squeezed steps {VideoSqueezedSteps} video, {AudioSqueezedSteps} audio, video formats [{string.Join("; ", VideoFormats)}], audio channels [{string.Join("; ", AudioChannels)}], audio packet durations [{string.Join("; ", AudioPacketDurations)}], decode errors: {(DecodeErrors.Length == 0 ? "none" : DecodeErrors)}");

    private static List<string[]> Rows(string csv) =>
        [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.TrimEnd(',').Split(','))];

    private static long? Number(string[] row, int column) =>
        column < row.Length && long.TryParse(row[column], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        await using var process = ManagedProcess.Start(program, arguments, new ProcessOptions { Name = program, RetainedLines = 100_000 });
        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        // ffprobe's answer is on stdout; ffmpeg's decoder complaints are all on stderr.
        return program == "ffprobe" ? process.StandardOutput : process.AllOutput;
    }
}
