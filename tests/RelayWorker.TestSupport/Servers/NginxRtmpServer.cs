using System.Collections.Concurrent;

namespace RelayWorker.TestSupport;

/// <summary>
/// A real RTMP server (nginx + Debian's RTMP module) on free loopback ports, with its own config in a temp
/// directory, plus an HTTP location serving <see cref="HlsDirectory"/> for HLS-sourced routes. Optionally with an
/// <c>exec_push</c> command: nginx-rtmp then runs (and respawns) one ffmpeg per published stream itself, the peer
/// the worker's supervision is compared with. It can be stopped and started again on the same ports, for an outage
/// of the whole server.
/// </summary>
internal sealed partial class NginxRtmpServer : IAsyncDisposable
{
    private const string PublishLogText = "publish: name=";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _directory = TempDirectory.Create("nginx");
    private readonly ConcurrentQueue<long> _publishes = new();
    private ManagedProcess? _process;
    private bool _waitForVideo;

    private NginxRtmpServer()
    {
    }

    public int RtmpPort { get; private set; }

    public int HttpPort { get; private set; }

    /// <summary>Files placed here are served at <see cref="HlsBaseUrl"/>.</summary>
    public string HlsDirectory => Path.Combine(_directory.Path, "hls");

    /// <summary>http://127.0.0.1:&lt;port&gt;/hls/ (with the trailing slash, so relative names resolve below it).</summary>
    public Uri HlsBaseUrl => new($"http://127.0.0.1:{HttpPort}/hls/");

    /// <summary>nginx's error log (it logs to stderr at level info: connects, publishes, plays).</summary>
    public string Log => _process?.AllOutput ?? "";

    public ManagedProcess Process => _process ?? throw new InvalidOperationException("nginx is not running.");

    private string ConfigFile => _directory.File("nginx.conf");

    /// <summary>
    /// Starts nginx. <paramref name="execPush"/> builds exec_push arguments from the RTMP port (nginx's <c>$name</c>
    /// is left for nginx to expand); <paramref name="respawnTimeout"/> is nginx-rtmp's respawn_timeout (its own
    /// default is 5 s; 0 respawns at once). <paramref name="waitForVideo"/> is nginx-rtmp's <c>wait_video on</c>: a
    /// new player gets no audio before its first video frame. nginx starts a player's video at the next keyframe
    /// but its audio at once, and GStreamer's flvdemux gives up on video (exposes only its audio pad) when video
    /// comes more than about a second after audio: with a 2 s GOP, 3 joins in 5 had no video, whatever the publisher.
    /// </summary>
    public static Task<NginxRtmpServer> StartAsync(Func<int, IReadOnlyList<string>>? execPush = null, TimeSpan? respawnTimeout = null, bool waitForVideo = false) =>
        FixtureStart.OrDisposeAsync(new NginxRtmpServer { _waitForVideo = waitForVideo }, server => FixtureStart.OnFreePortsAsync("nginx", async () =>
        {
            Directory.CreateDirectory(server.HlsDirectory);
            server.RtmpPort = FreePort.Tcp();
            server.HttpPort = FreePort.Tcp();
            await File.WriteAllTextAsync(server.ConfigFile, server.Config(execPush?.Invoke(server.RtmpPort), respawnTimeout));
            return await server.StartProcessAsync();
        }));

    /// <summary>rtmp://127.0.0.1:&lt;port&gt;/live/&lt;streamName&gt;: where a publisher pushes and a relay pulls.</summary>
    public string RtmpUrl(string streamName) => $"rtmp://127.0.0.1:{RtmpPort}/live/{streamName}";

    /// <summary>
    /// Stops nginx (SIGINT; it closes every RTMP connection) for an outage of the whole server: during it, a relay
    /// that connects is refused at once, which is when a supervisor's backoff decides how soon media returns.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>Starts nginx again on the same ports with the same config, after <see cref="StopAsync"/>.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("nginx is already running.");
        }
        if (await StartProcessAsync() is { } log)
        {
            throw new InvalidOperationException($"nginx did not start again on port {RtmpPort}:\n{log}");
        }
    }

    /// <summary>How many times a publisher started publishing <paramref name="streamName"/> (nginx logs each publish).</summary>
    public int PublishesOf(string streamName) =>
        Log.Split('\n').Count(line => line.Contains($"{PublishLogText}'{streamName}'", StringComparison.Ordinal));

    /// <summary>The <see cref="MonotonicClock"/> time of nginx's first "publish" log line after <paramref name="after"/>.</summary>
    public long? PublishedAfter(long after) => _publishes.Where(at => at > after).Select(at => (long?)at).FirstOrDefault();

    /// <summary>The live ffmpeg children nginx-rtmp started for exec_push.</summary>
    public IReadOnlyList<int> ExecChildren() => _process is null ? [] : ProcFs.ChildrenNamed(_process.Pid, "ffmpeg");

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            // nginx-rtmp sets PR_SET_PDEATHSIG on exec children, so they end with nginx; any that did not are ended here.
            var children = ExecChildren();
            await _process.DisposeAsync();
            foreach (var child in children.Where(ProcFs.IsAlive))
            {
                UnixSignal.Send(child, UnixSignal.Kill);
            }
        }
        _directory.Dispose();
    }

    /// <summary>Null when nginx runs and accepts on both ports; otherwise its output, after it has been stopped.</summary>
    private async Task<string?> StartProcessAsync()
    {
        // -e stderr: nginx opens its compiled-in error log before reading the config; pointing it at stderr
        // avoids a permission or path problem outside the temp dir and puts the log into the captured output.
        var process = ManagedProcess.Start(
            "nginx",
            ["-c", ConfigFile, "-p", _directory.Path + "/", "-e", "stderr"],
            new ProcessOptions
            {
                Name = "nginx",
                OnStandardErrorLine = (line, at) =>
                {
                    if (line.Contains(PublishLogText, StringComparison.Ordinal))
                    {
                        _publishes.Enqueue(at);
                    }
                },
            });
        var ready = await Poll.TryUntilAsync(
            async () => process.HasExited || (await LoopbackPort.AcceptsTcpAsync(RtmpPort) && await LoopbackPort.AcceptsTcpAsync(HttpPort)),
            StartTimeout);
        if (ready && !process.HasExited)
        {
            _process = process;
            return null;
        }
        await process.DisposeAsync();
        return process.AllOutput;
    }
}
