using RelayWorker.Media;

namespace RelayWorker.FFmpeg;

/// <summary>One destination as ffmpeg writes it: a muxer, its options, and the URL or file it writes to.</summary>
internal sealed record DestinationOutput(string Muxer, IReadOnlyList<(string Key, string Value)> Options, string Target)
{
    /// <summary>Segments of two seconds (one GOP of the ladder) and a six-segment live window.</summary>
    public const string HlsSegmentSeconds = "2";
    public const string HlsListSize = "6";
    public const string HlsPlaylistName = "index.m3u8";

    /// <summary>
    /// MPEG-TS for a live viewer. By default ffmpeg leaves a video PES's length unset, so a demuxer downstream can
    /// hand a frame on only when the next one starts (one frame interval late, 40 ms at 25 fps); writing the length
    /// lets it release the frame as soon as its last byte arrives. flush_packets sends each frame's last TS packets
    /// at once instead of holding them until the next frame fills the packet buffer. Measured side by side with a
    /// bare ffmpeg, RTMP to SRT on loopback, in BENCHMARKS.md ("Added latency").
    /// </summary>
    internal static readonly IReadOnlyList<(string Key, string Value)> LowLatencyTs =
        [("omit_video_pes_length", "0"), ("flush_packets", "1")];

    public static DestinationOutput For(string destination)
    {
        var uri = new Uri(destination);
        var scheme = uri.Scheme.ToLowerInvariant();
        return scheme switch
        {
            "hls" => Hls(uri.LocalPath),
            // A live FLV has no duration or size to patch in at the end.
            "rtmp" or "rtmps" => new("flv", [("flvflags", "no_duration_filesize")], uri.OriginalString),
            "rtsp" => new("rtsp", [("rtsp_transport", "tcp")], uri.OriginalString),
            "srt" => new("mpegts", LowLatencyTs, WithSrtPacketSize(uri)),
            "udp" => new("mpegts", LowLatencyTs, uri.OriginalString),
            _ => throw new ArgumentException($"cannot write to {uri.Scheme}", nameof(destination)),
        };
    }

    /// <summary>An SRT destination in listener mode: its peer calls in, whenever it likes.</summary>
    public static bool IsListener(string destination) =>
        destination.StartsWith("srt:", StringComparison.OrdinalIgnoreCase)
        && string.Equals(UrlQuery.Get(UrlQuery.Of(destination), "mode"), "listener", StringComparison.OrdinalIgnoreCase);

    /// <summary>The directory an HLS destination writes into, or null for network destinations.</summary>
    public static string? HlsDirectory(string destination) =>
        destination.StartsWith("hls:", StringComparison.OrdinalIgnoreCase) ? new Uri(destination).LocalPath : null;

    private static DestinationOutput Hls(string directory) => new(
        "hls",
        [
            ("hls_time", HlsSegmentSeconds),
            ("hls_list_size", HlsListSize),
            // Old segments are deleted so a long-running relay does not fill the disk; temp_file renames each
            // file into place so a player never reads a half-written segment or playlist.
            ("hls_flags", "delete_segments+omit_endlist+temp_file"),
            ("hls_segment_filename", Path.Combine(directory, "segment_%05d.ts")),
        ],
        Path.Combine(directory, HlsPlaylistName));

    private static string WithSrtPacketSize(Uri uri)
    {
        var url = uri.OriginalString;
        var query = UrlQuery.Of(url);
        return UrlQuery.Get(query, "pkt_size") is null
            ? url + (query.Length == 0 ? "?" : "&") + "pkt_size=" + OutputArguments.SrtPacketSize
            : url;
    }
}
