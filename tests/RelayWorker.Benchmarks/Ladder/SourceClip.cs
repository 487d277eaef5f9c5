using System.Globalization;
using RelayWorker.Benchmarks.Infrastructure;

namespace RelayWorker.Benchmarks.Ladder;

/// <summary>
/// The 1080p25 source: ffmpeg's testsrc2 pattern with a tone, encoded once as H.264 (4 Mbit/s, 2 s GOP) + AAC,
/// cached in /tmp. A file rather than lavfi because what a ladder route really does is decode an H.264 stream,
/// and that decode is exactly the cost a split would share; a lavfi source would instead generate raw 1080p
/// frames in every process, a cost no real route has. Every run also reads identical bytes.
/// </summary>
internal static class SourceClip
{
    private static readonly string CacheDirectory = Path.Combine(Path.GetTempPath(), "relayworker-bench");

    public static async Task<string> EnsureAsync(int seconds)
    {
        Directory.CreateDirectory(CacheDirectory);
        var path = Path.Combine(CacheDirectory, string.Create(CultureInfo.InvariantCulture, $"testsrc2-1080p25-4M-{seconds}s.mp4"));
        if (File.Exists(path))
        {
            return path;
        }
        Console.WriteLine($"generating the {seconds} s 1080p25 source clip at {path} (once; it is cached) …");
        var partial = path + ".partial.mp4";
        await using var run = FfmpegRun.Start("clip generator",
        [
            "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
            "-t", seconds.ToString(CultureInfo.InvariantCulture),
            // A broadcast-like contribution stream: constrained 4 Mbit/s, a keyframe every 2 s, AAC stereo-rate audio.
            "-c:v", "libx264", "-preset", "veryfast", "-b:v", "4000k", "-maxrate", "4000k", "-bufsize", "8000k",
            "-g", "50", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart",
            partial,
        ]);
        var (code, _) = await run.WaitAsync(TimeSpan.FromMinutes(10));
        if (code != 0)
        {
            throw new InvalidOperationException($"could not generate the source clip (exit {code}):\n{run.Tail}");
        }
        File.Move(partial, path, overwrite: true);
        return path;
    }
}
