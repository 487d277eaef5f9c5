using System.Globalization;

namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// A live HLS stream: ffmpeg encoding a test pattern with a tone in real time into a sliding-window playlist
/// (one-second segments, six in the window, old ones deleted) in a directory that a web server serves, e.g.
/// <see cref="NginxRtmpServer.HlsDirectory"/>. This is what a relay reading a CDN or camera playlist sees.
/// </summary>
internal sealed class HlsTestPattern : IAsyncDisposable
{
    public const string PlaylistName = "index.m3u8";

    private readonly ManagedProcess _process;

    private HlsTestPattern(string directory, ManagedProcess process)
    {
        Directory = directory;
        _process = process;
    }

    /// <summary>Where the playlist and its segments are written.</summary>
    public string Directory { get; }

    public string PlaylistFile => Path.Combine(Directory, PlaylistName);

    public string Log => _process.AllOutput;

    /// <summary>
    /// Starts writing into <paramref name="directory"/> (created if missing) and returns once the playlist lists
    /// <paramref name="segmentsBeforeReady"/> segments: ffmpeg's HLS reader starts three segments from the live
    /// edge, so a reader that comes earlier would start at the first segment and lag behind the live edge.
    /// </summary>
    public static async Task<HlsTestPattern> StartAsync(string directory, int width = 320, int height = 240, int frameRate = 25, int segmentsBeforeReady = 3)
    {
        System.IO.Directory.CreateDirectory(directory);
        var rate = frameRate.ToString(CultureInfo.InvariantCulture);
        var process = ManagedProcess.Start(
            "ffmpeg",
            [
                "-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning",
                "-re", "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=size={width}x{height}:rate={frameRate}"),
                "-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p", "-r", rate,
                // A keyframe every second: the HLS muxer cuts segments only at keyframes, so this makes hls_time 1 real.
                "-g", rate, "-keyint_min", rate, "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", "64k",
                "-f", "hls", "-hls_time", "1", "-hls_list_size", "6",
                // temp_file: a segment appears under its name only when complete, so nginx never serves half of one.
                "-hls_flags", "delete_segments+temp_file",
                "-hls_segment_filename", Path.Combine(directory, "segment-%05d.ts"),
                Path.Combine(directory, PlaylistName),
            ],
            new ProcessOptions { Name = "hls ffmpeg" });
        var publisher = new HlsTestPattern(directory, process);
        try
        {
            await Poll.UntilAsync(
                () => process.HasExited || publisher.SegmentsListed() >= segmentsBeforeReady,
                TimeSpan.FromSeconds(20),
                $"{segmentsBeforeReady} segments in {publisher.PlaylistFile}");
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The HLS ffmpeg exited with {process.ExitCode}:\n{process.OutputTail()}");
            }
            return publisher;
        }
        catch
        {
            await publisher.DisposeAsync();
            throw;
        }
    }

    /// <summary>Segments in the current playlist (ffmpeg replaces the playlist file atomically).</summary>
    public int SegmentsListed()
    {
        try
        {
            return File.ReadLines(PlaylistFile).Count(line => line.StartsWith("#EXTINF", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
