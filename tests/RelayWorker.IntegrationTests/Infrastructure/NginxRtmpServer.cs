using System.Globalization;

namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// A real RTMP server (nginx + Debian's RTMP module) on free loopback ports, with its own config in a temp
/// directory, plus an HTTP location serving <see cref="HlsDirectory"/> for HLS-sourced routes. Public so that
/// a test class can take it as an <c>IClassFixture</c>; <see cref="StartAsync"/> serves direct use.
/// </summary>
public sealed class NginxRtmpServer : IAsyncLifetime, IAsyncDisposable
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _directory = TempDirectory.Create("nginx");
    private ManagedProcess? _process;
    private bool _waitForVideo;

    public int RtmpPort { get; private set; }

    public int HttpPort { get; private set; }

    /// <summary>Files placed here are served at <see cref="HlsBaseUrl"/>.</summary>
    public string HlsDirectory => Path.Combine(_directory.Path, "hls");

    /// <summary>http://127.0.0.1:&lt;port&gt;/hls/ (with the trailing slash, so relative names resolve below it).</summary>
    public Uri HlsBaseUrl => new($"http://127.0.0.1:{HttpPort}/hls/");

    /// <summary>nginx's error log (it logs to stderr at level info: connects, publishes, plays).</summary>
    public string Log => _process?.AllOutput ?? "";

    internal ManagedProcess Process => _process ?? throw new InvalidOperationException("nginx has not been started.");

    /// <param name="waitForVideo">nginx-rtmp's <c>wait_video on</c>: a new player gets no audio before its
    /// first video frame. nginx starts a player's video at the next keyframe but its audio at once, and
    /// GStreamer's flvdemux gives up on video (exposes only its audio pad) when video comes more than about
    /// a second after audio: with a 2 s GOP, 3 joins in 5 had no video, whatever the publisher.</param>
    public static async Task<NginxRtmpServer> StartAsync(bool waitForVideo = false)
    {
        var server = new NginxRtmpServer { _waitForVideo = waitForVideo };
        try
        {
            await server.InitializeAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>rtmp://127.0.0.1:&lt;port&gt;/live/&lt;streamName&gt;: where a publisher pushes and a relay pulls.</summary>
    public string RtmpUrl(string streamName) => $"rtmp://127.0.0.1:{RtmpPort}/live/{streamName}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(HlsDirectory);
        for (var attempt = 1; ; attempt++)
        {
            RtmpPort = FreePort.Tcp();
            HttpPort = FreePort.Tcp();
            var config = _directory.File("nginx.conf");
            await File.WriteAllTextAsync(config, Config());

            // -e stderr: nginx opens its compiled-in error log before reading the config; pointing it at stderr
            // avoids a permission or path problem outside the temp dir and puts the log into the captured output.
            _process = ManagedProcess.Start(
                "nginx",
                ["-c", config, "-p", _directory.Path + "/", "-e", "stderr"],
                new ProcessOptions { Name = "nginx" });

            var ready = await Poll.TryUntilAsync(
                async () => _process.HasExited || (await LoopbackPort.AcceptsTcpAsync(RtmpPort) && await LoopbackPort.AcceptsTcpAsync(HttpPort)),
                StartTimeout);
            if (ready && !_process.HasExited)
            {
                return;
            }

            var log = _process.AllOutput;
            await _process.DisposeAsync();
            _process = null;
            // A port taken by another process between FreePort and nginx's bind is the expected reason to retry.
            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException($"nginx did not start after {StartAttempts} attempts. Last output:\n{log}");
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        _directory.Dispose();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    // master_process off: a single process, so the PID we started is the whole server and SIGTERM to it
    // stops everything (with a master, workers would be separate PIDs). All writable paths live in the temp
    // dir, so no root-owned /var paths are needed and parallel servers never share state.
    private string Config() => string.Create(CultureInfo.InvariantCulture, $$"""
        load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
        daemon off;
        master_process off;
        worker_processes 1;
        pid {{_directory.File("nginx.pid")}};
        error_log stderr info;
        events { worker_connections 256; }
        rtmp {
            server {
                listen 127.0.0.1:{{RtmpPort}};
                chunk_size 4096;
                application live {
                    live on;
                    {{(_waitForVideo ? "wait_video on;" : "")}}
                }
            }
        }
        http {
            access_log off;
            client_body_temp_path {{_directory.File("client_body")}};
            proxy_temp_path {{_directory.File("proxy")}};
            fastcgi_temp_path {{_directory.File("fastcgi")}};
            uwsgi_temp_path {{_directory.File("uwsgi")}};
            scgi_temp_path {{_directory.File("scgi")}};
            types {
                application/vnd.apple.mpegurl m3u8;
                video/mp2t ts;
            }
            server {
                listen 127.0.0.1:{{HttpPort}};
                location /hls/ {
                    alias {{HlsDirectory}}/;
                    # A playlist is rewritten in place while a test runs; a cached copy would freeze the stream.
                    add_header Cache-Control no-cache;
                }
            }
        }
        """);
}
