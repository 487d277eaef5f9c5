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

    // FLV declares no streams up front, and nginx-rtmp starts a new player's audio at once but its video only at
    // the next keyframe, up to a GOP later: a short -analyzeduration loses the video (measured here, 12 tries per
    // setting: 500 ms lost it in 7 of 12 on a 1 s GOP and 9 of 12 on a 2 s GOP; 1 s in 7 of 12 on a 2 s GOP; the
    // demuxer's flv_metadata does not help, nginx-rtmp's onMetaData allocates no stream). ffmpeg's own default
    // instead waits up to 90 s for a stream that the RTMP header, built from onMetaData, announces but that has not
    // arrived yet, and stops probing once both are there, except that it then counts frames to guess the frame
    // rate (40 of them at FLV's millisecond time base, 1.6 s at 25 fps). -fpsprobesize 0 skips that guess (copy
    // keeps the timestamps; a transcode sets its rate in its fps filter), so the probe ends at the first video
    // frame. Bare reader to its first packet, min / median / max of 15 tries: 0.41 / 0.64 / 1.18 s on a 1 s GOP
    // (default 2.53 / 2.71 / 3.08 s), 0.46 / 1.28 / 2.51 s on a 2 s GOP (the wait for the keyframe; default
    // 2.16 / 3.32 / 4.62 s), both streams in every try (BENCHMARKS.md, "Fast start"). Probe size and duration stay ffmpeg's
    // defaults on purpose: setting -analyzeduration replaces that wait for a missing stream with the value set.
    private static readonly string[] FlvProbe = ["-fpsprobesize", "0"];

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
