namespace RelayWorker.FFmpeg;

/// <summary>
/// Input options per source scheme. Each network kind gets a read timeout so a peer that goes silent
/// turns into an ffmpeg exit (and a supervised restart) instead of a process that hangs forever.
/// </summary>
internal static class SourceArguments
{
    /// <summary>Silence from a live source this long means it is gone.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    // A one-second probe finds H.264 + AAC in any live stream; ffmpeg's 5 s default only delays start-up.
    private static readonly string[] ShortProbe = ["-probesize", "1000000", "-analyzeduration", "1000000"];

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
        args.AddRange(ShortProbe);
        args.AddRange(["-fflags", "+genpts", "-i", SourceUrl(uri, listen)]);
    }

    private static string SourceUrl(Uri uri, bool listen)
    {
        var url = uri.OriginalString;
        if (listen && uri.Scheme.Equals("srt", StringComparison.OrdinalIgnoreCase) && UrlQuery.Get(uri.Query, "mode") is null)
        {
            url += (uri.Query.Length == 0 ? "?" : "&") + "mode=listener";
        }
        return url;
    }
}
