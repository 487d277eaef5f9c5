namespace RelayWorker.Benchmarks.Ladder;

/// <summary>
/// Where each rung's encoded stream goes. <c>null</c>: ffmpeg's null muxer, so only decoding, filtering and encoding
/// are measured. <c>udp</c>: MPEG-TS over UDP to a socket in this process, adding the muxing and the send that a
/// real destination costs.
/// </summary>
internal static class LadderOutput
{
    public const string Null = "null";
    public const string Udp = "udp";

    public static IReadOnlyList<string> Arguments(string output, int? udpPort) => output switch
    {
        Null => ["-f", "null", "-"],
        Udp => ["-f", "mpegts", $"udp://127.0.0.1:{udpPort}?pkt_size=1316"],
        _ => throw new ArgumentException($"unknown output {output}", nameof(output)),
    };
}
