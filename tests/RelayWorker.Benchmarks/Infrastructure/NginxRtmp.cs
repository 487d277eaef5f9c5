using System.Collections.Concurrent;
using System.Globalization;

namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>
/// nginx with Debian's RTMP module on a free loopback port, its config in a scratch directory. Optionally with an
/// <c>exec_push</c> command: nginx-rtmp then runs (and respawns) one ffmpeg per published stream itself, the real
/// peer the worker's supervision is compared with.
/// </summary>
internal sealed class NginxRtmp : IAsyncDisposable
{
    private const string PublishLogText = "publish: name=";

    private readonly ScratchDirectory _directory = ScratchDirectory.Create("nginx");
    private readonly ConcurrentQueue<long> _publishes = new();
    private ChildProcess? _process;

    private NginxRtmp()
    {
    }

    public int Port { get; private set; }

    public int Pid => Process.Pid;

    public ChildProcess Process => _process ?? throw new InvalidOperationException("nginx is not running");

    /// <summary>rtmp://127.0.0.1:&lt;port&gt;/live/&lt;stream&gt;: where the publisher pushes and every route pulls.</summary>
    public string Url(string stream) => $"rtmp://127.0.0.1:{Port}/live/{stream}";

    /// <summary>
    /// Starts nginx. <paramref name="execPush"/> builds the exec_push arguments from the RTMP port (nginx's <c>$name</c>
    /// is left for nginx to expand); <paramref name="respawnTimeout"/> is nginx-rtmp's respawn_timeout (its own default
    /// is 5 s; 0 respawns at once).
    /// </summary>
    public static async Task<NginxRtmp> StartAsync(Func<int, IReadOnlyList<string>>? execPush = null, TimeSpan? respawnTimeout = null)
    {
        var server = new NginxRtmp();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            server.Port = FreePort.Tcp();
            await File.WriteAllTextAsync(server.ConfigFile, server.Config(execPush?.Invoke(server.Port), respawnTimeout));
            if (await server.StartProcessAsync())
            {
                return server;
            }
        }
        await server.DisposeAsync();
        throw new InvalidOperationException("nginx did not start after 3 attempts");
    }

    /// <summary>
    /// Stops nginx (SIGTERM; it closes every RTMP connection) for an outage of the whole server: during it, a relay
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

    /// <summary>Starts nginx again on the same port with the same config, after <see cref="StopAsync"/>.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("nginx is already running");
        }
        if (!await StartProcessAsync())
        {
            throw new InvalidOperationException($"nginx did not start again on port {Port}");
        }
    }

    /// <summary>The arrival time of nginx's first "publish" log line after <paramref name="after"/>: the source is back.</summary>
    public long? PublishedAfter(long after) => _publishes.Where(at => at > after).Select(at => (long?)at).FirstOrDefault();

    /// <summary>The live ffmpeg children nginx-rtmp started for exec_push.</summary>
    public IReadOnlyList<int> ExecChildren() => _process is null ? [] : ProcFs.ChildrenNamed(_process.Pid, "ffmpeg");

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            // nginx-rtmp sets PR_SET_PDEATHSIG on exec children, so they end with nginx.
            var children = ExecChildren();
            await _process.DisposeAsync();
            foreach (var child in children.Where(ProcFs.IsAlive))
            {
                Posix.Kill(child, Posix.SigKill);
            }
        }
        _directory.Dispose();
    }

    private string ConfigFile => _directory.File("nginx.conf");

    private async Task<bool> StartProcessAsync()
    {
        // -e stderr: nginx opens its compiled-in error log before reading the config; stderr needs no path.
        var process = ChildProcess.Start(
            "nginx",
            ["-c", ConfigFile, "-p", _directory.Path + "/", "-e", "stderr"],
            new ChildOptions
            {
                Name = "nginx",
                OnStderrLine = (line, at) =>
                {
                    if (line.Contains(PublishLogText, StringComparison.Ordinal))
                    {
                        _publishes.Enqueue(at);
                    }
                },
            });
        if (await Poll.UntilAsync(async () => process.HasExited || await FreePort.AcceptsAsync(Port), TimeSpan.FromSeconds(10)) && !process.HasExited)
        {
            _process = process;
            return true;
        }
        await process.DisposeAsync();
        return false;
    }

    // master_process off: one process, so the PID we started is the whole server and the exec children are its
    // direct children. idle_streams on (nginx-rtmp's default) lets a player wait for a publisher that is away.
    private string Config(IReadOnlyList<string>? execPush, TimeSpan? respawnTimeout)
    {
        var exec = execPush is null ? "" : "exec_push " + string.Join(' ', execPush.Select(Quote)) + ";";
        var respawn = respawnTimeout is { } t ? string.Create(CultureInfo.InvariantCulture, $"respawn_timeout {(long)t.TotalMilliseconds}ms;") : "";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{_directory.File("nginx.pid")}};
            error_log stderr info;
            events { worker_connections 1024; }
            rtmp {
                {{respawn}}
                server {
                    listen 127.0.0.1:{{Port}};
                    chunk_size 4096;
                    application live {
                        live on;
                        {{exec}}
                    }
                }
            }
            """);
    }

    // nginx's config tokenizer: quote every argument so '?', '&' and ':' survive as they are.
    private static string Quote(string argument) => "\"" + argument.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
