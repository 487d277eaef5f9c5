using System.Globalization;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// The test pattern with a tone published to nginx-rtmp like <see cref="TestPatternPublisher"/>, with a chosen GOP:
/// how long a new player waits for video depends on it (nginx-rtmp starts a player's video at the next keyframe and
/// its audio at once), so the start-up and latency benchmarks set it.
/// </summary>
internal sealed class GopPublisher : IAsyncDisposable
{
    private const int Fps = 25;

    private readonly ManagedProcess _process;

    private GopPublisher(ManagedProcess process) => _process = process;

    public static async Task<GopPublisher> StartAsync(NginxRtmpServer server, string stream, int gopSeconds)
    {
        var before = MonotonicClock.Now;
        var process = ManagedProcess.Start(
            "ffmpeg",
            [
                "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error",
                "-re", "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=size=320x240:rate={Fps}"),
                "-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                "-g", (gopSeconds * Fps).ToString(CultureInfo.InvariantCulture), "-b:v", "500k",
                "-c:a", "aac", "-b:a", "64k",
                "-f", "flv", "-flvflags", "no_duration_filesize", server.RtmpUrl(stream),
            ],
            new ProcessOptions { Name = "publisher" });
        var publisher = new GopPublisher(process);
        if (!await Poll.TryUntilAsync(() => process.HasExited || server.PublishedAfter(before) is not null, TimeSpan.FromSeconds(15))
            || process.HasExited)
        {
            await publisher.DisposeAsync();
            throw new InvalidOperationException($"the publisher did not start publishing:\n{process.OutputTail()}");
        }
        return publisher;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
