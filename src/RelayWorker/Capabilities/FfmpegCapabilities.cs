using System.Collections.Frozen;

namespace RelayWorker.Capabilities;

/// <summary>What one ffmpeg binary can do, as it reports it: its version line and the names of its protocols,
/// muxers, encoders and filters. Built once per binary; routes are checked against it at validation.</summary>
internal sealed record FfmpegCapabilities(
    string Version,
    FrozenSet<string> Protocols,
    FrozenSet<string> Muxers,
    FrozenSet<string> Encoders,
    FrozenSet<string> Filters)
{
    /// <summary>The names RelayWorker may ask for; <c>GET /api/system</c> shows whether each is present.</summary>
    public static readonly IReadOnlyList<string> RelevantProtocols = ["file", "rtmp", "rtmps", "srt", "udp", "tcp", "tls", "http", "https"];

    public static readonly IReadOnlyList<string> RelevantMuxers = ["flv", "mpegts", "rtsp", "hls", "tee", "fifo", "image2"];

    public static readonly IReadOnlyList<string> RelevantEncoders = ["libx264", "libx265", "aac", "mjpeg"];

    public static readonly IReadOnlyList<string> RelevantFilters = ["scale", "setsar", "fps", "split", "testsrc2", "sine"];

    /// <summary>The same version and the same names in every listing (records compare sets by reference).</summary>
    public bool SameAs(FfmpegCapabilities other) =>
        Version == other.Version && Protocols.SetEquals(other.Protocols) && Muxers.SetEquals(other.Muxers)
        && Encoders.SetEquals(other.Encoders) && Filters.SetEquals(other.Filters);
}
