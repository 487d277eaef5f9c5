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

    // The probe must see a keyframe: FLV announces streams only as their first packets arrive (and
    // nginx-rtmp starts a new player's video at the next keyframe), and a decoder learns an H.264 stream's
    // size only from the parameter sets sent with a keyframe. A source joined mid-GOP (a GStreamer encoder
    // with its default 2 s GOP) failed every other start with "Could not find codec parameters … unspecified
    // size" under a one-second probe. Three seconds covers the usual two-second GOP; the probe still ends as
    // soon as every stream is known, so a source with frequent keyframes starts no later.
    private static readonly string[] Probe = ["-probesize", "5000000", "-analyzeduration", "3000000"];

    /// <summary>
    /// Input options that forget the codec tag the source's container gave each stream. MPEG-TS carries
    /// registration tags (GStreamer's mpegtsmux writes <c>HDMV</c> for H.264 and the stream type
    /// <c>0x0F</c> for AAC), RTSP and fMP4 HLS carry others, and a remux keeps them. A standalone FLV output
    /// replaces a foreign tag, but behind the tee muxer the FLV slave inherits it and refuses the stream
    /// ("Tag HDMV incompatible with output codec id '27'"). An output <c>-tag:v 0</c> cannot help: ffmpeg
    /// reads 0 as "not set" and keeps the input's tag. Zero on the input side leaves nothing to inherit,
    /// so every muxer picks its own tag for whatever codec arrives.
    /// </summary>
    public static readonly string[] ForgetCodecTags = ["-tag:v", "0", "-tag:a", "0"];

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
        args.AddRange(Probe);
        args.AddRange(ForgetCodecTags);
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
