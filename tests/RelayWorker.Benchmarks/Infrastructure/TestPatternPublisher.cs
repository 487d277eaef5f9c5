using System.Globalization;

namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>
/// The live source: ffmpeg's test pattern with a tone, encoded like a camera (x264, 2 s GOP, AAC) and published to
/// nginx-rtmp in real time. Low resolution by default, because copy routes cost the same per packet whatever the
/// picture, and the publisher's own encode should leave the two cores to what is measured.
/// </summary>
internal sealed class TestPatternPublisher : IAsyncDisposable
{
    private readonly NginxRtmp _server;
    private readonly IReadOnlyList<string> _arguments;
    private ChildProcess? _process;

    private TestPatternPublisher(NginxRtmp server, IReadOnlyList<string> arguments)
    {
        _server = server;
        _arguments = arguments;
    }

    public bool IsRunning => _process is { HasExited: false };

    public int? Pid => _process?.Pid;

    public static async Task<TestPatternPublisher> StartAsync(NginxRtmp server, string stream, string size = "320x240", int fps = 25)
    {
        var rate = fps.ToString(CultureInfo.InvariantCulture);
        var publisher = new TestPatternPublisher(server,
        [
            "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error",
            "-re", "-f", "lavfi", "-i", $"testsrc2=size={size}:rate={rate}",
            "-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
            "-g", (2 * fps).ToString(CultureInfo.InvariantCulture), "-b:v", "500k",
            "-c:a", "aac", "-b:a", "64k",
            "-f", "flv", "-flvflags", "no_duration_filesize", server.Url(stream),
        ]);
        await publisher.StartAgainAsync();
        return publisher;
    }

    /// <summary>Starts the publisher (again) and returns the time nginx logged the publish: the source is back.</summary>
    public async Task<long> StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("the publisher is already running");
        }
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        var before = MonotonicClock.Now;
        _process = ChildProcess.Start("ffmpeg", _arguments, new ChildOptions { Name = "publisher" });
        long? published = null;
        var process = _process;
        if (!await Poll.UntilAsync(() => process.HasExited || (published = _server.PublishedAfter(before)) is not null, TimeSpan.FromSeconds(15))
            || published is null)
        {
            throw new InvalidOperationException($"the publisher did not start publishing:\n{process.Tail}");
        }
        return published.Value;
    }

    /// <summary>SIGTERM: ffmpeg closes its RTMP stream, nginx ends the publish and every player sees the source go.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(Posix.SigTerm, TimeSpan.FromSeconds(3));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
