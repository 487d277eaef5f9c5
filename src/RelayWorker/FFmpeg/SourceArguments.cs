using RelayWorker.Media;

namespace RelayWorker.FFmpeg;

/// <summary>
/// Input options per source scheme. Each network kind gets a read timeout so a peer that goes silent
/// turns into an ffmpeg exit (and a supervised restart) instead of a process that hangs forever.
/// </summary>
internal static class SourceArguments
{
    /// <summary>Silence from a live source this long means it is gone.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    // MPEG-TS, RTSP and HLS declare their streams up front (PMT, SDP), so a one-second probe finds them;
    // ffmpeg's 5 s default would only delay start-up.
    private static readonly string[] ShortProbe = ["-probesize", "1000000", "-analyzeduration", "1000000"];

    // FLV announces streams only as their first packets arrive, and a server such as nginx-rtmp starts a
    // new player's video at the next keyframe: measured here, video appeared a second after audio and a
    // one-second probe relayed audio only. Three seconds covers the usual two-second GOP.
    private static readonly string[] FlvProbe = ["-probesize", "5000000", "-analyzeduration", "3000000"];

    public static void Add(List<string> args, string source, bool listen)
    {
        var uri = new Uri(source);
        var timeout = FfmpegArguments.Micros(ReadTimeout);
        switch (uri.Scheme.ToLowerInvariant())
        {
            case "rtmp" or "rtmps":
                args.AddRange(["-rw_timeout", timeout]);
                if (listen)
                {
                    args.AddRange(["-listen", "1"]);
                }
                break;
            case "srt":
                args.AddRange(["-rw_timeout", timeout]);
                break;
            case "rtsp" or "rtsps":
                // TCP interleaving survives NAT and loss; UDP RTP would silently drop frames.
                args.AddRange(["-rtsp_transport", "tcp", "-timeout", timeout]);
                break;
            case "http" or "https":
                args.AddRange(["-reconnect", "1", "-reconnect_streamed", "1", "-reconnect_on_network_error", "1",
                    "-reconnect_delay_max", "5", "-rw_timeout", timeout]);
                break;
            case "udp":
                args.AddRange(["-timeout", timeout]);
                break;
            case EndpointScheme.TestPattern:
                TestPatternSource.Add(args, uri);
                return;
            default:
                throw new ArgumentException($"unsupported source scheme {uri.Scheme}", nameof(source));
        }
        args.AddRange(uri.Scheme.StartsWith("rtmp", StringComparison.OrdinalIgnoreCase) ? FlvProbe : ShortProbe);
        args.AddRange(["-fflags", "+genpts", "-i", SourceUrl(uri, listen)]);
    }

    private static string SourceUrl(Uri uri, bool listen)
    {
        var url = uri.OriginalString;
        var query = UrlQuery.Of(url);
        if (listen && uri.Scheme.Equals("srt", StringComparison.OrdinalIgnoreCase) && UrlQuery.Get(query, "mode") is null)
        {
            url += (query.Length == 0 ? "?" : "&") + "mode=listener";
        }
        return url;
    }
}
