using System.Globalization;

namespace RelayWorker.TestSupport;

/// <summary>
/// A live source: ffmpeg encoding a moving test pattern with a 1 kHz tone in real time (-re), H.264 + AAC,
/// pushed to an RTMP server (FLV) or an SRT listener (MPEG-TS), like a camera. It can hang (<see cref="Suspend"/>),
/// vanish (<see cref="StopAsync"/>) and come back (<see cref="RestartAsync"/>), which is what the relay must survive.
/// Low resolution by default: copy routes cost the same per packet whatever the picture, and the publisher's own
/// encode should leave the machine's cores to what is tested or measured.
/// </summary>
internal sealed class TestPatternPublisher : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    // The progress lines are only a readiness signal; a publisher that runs through a long soak keeps the newest.
    private const int RetainedLines = 500;

    private readonly IReadOnlyList<string> _arguments;
    private ManagedProcess? _process;

    private TestPatternPublisher(string url, IReadOnlyList<string> arguments)
    {
        Url = url;
        _arguments = arguments;
    }

    public string Url { get; }

    /// <summary>The current ffmpeg; a new one after each restart.</summary>
    public ManagedProcess Process => _process ?? throw new InvalidOperationException("The publisher is stopped.");

    public int Pid => Process.Pid;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Publishes FLV; a <c>videoKbps</c> fixes the video bitrate, without it x264's default quality sets the rate.</summary>
    public static Task<TestPatternPublisher> StartRtmpAsync(string rtmpUrl, int width = 320, int height = 240, int frameRate = 25, int? videoKbps = null) =>
        StartAsync(rtmpUrl, Arguments(width, height, frameRate, videoKbps, ["-f", "flv", "-flvflags", "no_duration_filesize", rtmpUrl]));

    /// <summary>
    /// An anamorphic source: <paramref name="width"/>x<paramref name="height"/> stored, with non-square pixels of
    /// <paramref name="sampleAspect"/> (e.g. "64/45": PAL 720x576 shown as 16:9), signalled in the H.264 stream.
    /// </summary>
    public static Task<TestPatternPublisher> StartAnamorphicRtmpAsync(string rtmpUrl, int width, int height, string sampleAspect, int frameRate = 25) =>
        StartAsync(rtmpUrl, Arguments(width, height, frameRate, null, ["-vf", $"setsar={sampleAspect}", "-f", "flv", "-flvflags", "no_duration_filesize", rtmpUrl]));

    /// <summary>Calls an SRT listener; <paramref name="srtUrl"/> should carry pkt_size=1316 (and a passphrase if needed).</summary>
    public static Task<TestPatternPublisher> StartSrtAsync(string srtUrl, int width = 320, int height = 240, int frameRate = 25) =>
        StartAsync(srtUrl, Arguments(width, height, frameRate, null, ["-f", "mpegts", srtUrl]));

    /// <summary>
    /// A publisher of a test's own making: <paramref name="arguments"/> is the whole ffmpeg command line and must
    /// include <c>-progress pipe:1</c>, whose first block with media is the readiness signal.
    /// </summary>
    public static Task<TestPatternPublisher> StartWithArgumentsAsync(string url, IReadOnlyList<string> arguments) =>
        StartAsync(url, [.. arguments]);

    /// <summary>SIGSTOP: the connection stays open but no media flows, the way a hung encoder looks to a relay.</summary>
    public void Suspend() => Process.Suspend();

    public void Resume() => Process.Resume();

    /// <summary>SIGINT (ffmpeg then closes its output cleanly, so the server sees the stream end), SIGKILL if it lingers.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>SIGKILL: the publisher vanishes without closing its stream, like a crashed encoder or a cut cable.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
            await StopAsync();
        }
    }

    /// <summary>Stops the current ffmpeg if any and starts the same command again; returns once media flows.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _process = ManagedProcess.Start("ffmpeg", _arguments, new ProcessOptions { Name = "publisher ffmpeg", RetainedLines = RetainedLines });
        await WaitUntilPublishingAsync(StartTimeout);
    }

    /// <summary>
    /// Waits for a progress block with a positive out_time_us: ffmpeg writes output only after it has opened
    /// (connected) it, so this is the moment media reaches the server.
    /// </summary>
    public Task WaitUntilPublishingAsync(TimeSpan timeout) =>
        Process.WaitForLineAsync(
            line => line.StartsWith("out_time_us=", StringComparison.Ordinal)
                && long.TryParse(line.AsSpan("out_time_us=".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var microseconds)
                && microseconds > 0,
            timeout);

    public ValueTask DisposeAsync() => new(StopAsync());

    private static Task<TestPatternPublisher> StartAsync(string url, IReadOnlyList<string> arguments) =>
        FixtureStart.OrDisposeAsync(new TestPatternPublisher(url, arguments), publisher => publisher.RestartAsync());

    private static List<string> Arguments(int width, int height, int frameRate, int? videoKbps, IEnumerable<string> output)
    {
        var rate = frameRate.ToString(CultureInfo.InvariantCulture);
        return
        [
            // -nostats with -progress: the machine-readable progress on stdout is the readiness signal,
            // and stderr stays free of the carriage-return status line.
            "-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning", "-progress", "pipe:1",
            "-re", "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=size={width}x{height}:rate={frameRate}"),
            "-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
            // A keyframe every two seconds, so a relay or probe that joins late decodes within two seconds.
            "-g", (2 * frameRate).ToString(CultureInfo.InvariantCulture), "-r", rate, "-pix_fmt", "yuv420p",
            .. (videoKbps is { } kbps ? ["-b:v", string.Create(CultureInfo.InvariantCulture, $"{kbps}k")] : Array.Empty<string>()),
            "-c:a", "aac", "-b:a", "64k",
            .. output,
        ];
    }
}
