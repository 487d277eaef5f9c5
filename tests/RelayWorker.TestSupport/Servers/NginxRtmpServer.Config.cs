using System.Globalization;

namespace RelayWorker.TestSupport;

internal sealed partial class NginxRtmpServer
{
    // master_process off: a single process, so the PID we started is the whole server, SIGINT to it stops
    // everything and the exec_push children are its direct children. All writable paths live in the temp dir, so
    // no root-owned /var paths are needed and parallel servers never share state. idle_streams on (nginx-rtmp's
    // default) lets a player wait for a publisher that is away.
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
                    listen 127.0.0.1:{{RtmpPort}};
                    chunk_size 4096;
                    application live {
                        live on;
                        {{(_waitForVideo ? "wait_video on;" : "")}}
                        {{exec}}
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

    // nginx's config tokenizer: quote every argument so '?', '&' and ':' survive as they are.
    private static string Quote(string argument) =>
        "\"" + argument.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
