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

    // MPEG-TS, RTSP and HLS sources: the probe must see a keyframe, because a decoder learns an H.264 stream's
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
        args.AddRange(uri.Scheme.StartsWith("rtmp", StringComparison.OrdinalIgnoreCase) ? FlvProbe : Probe);
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
