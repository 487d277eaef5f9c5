namespace RelayWorker.Continuity;

/// <summary>
/// How every input of the splicer (ingests and slate) writes MPEG-TS, so their PAT and PMT are the same and the
/// splicer can pass them through: fixed PIDs for the PMT and the streams (video then audio), every packet flushed
/// at once (a PES never waits in ffmpeg's buffer while the route needs it), one audio frame per PES (a cut drops
/// at most one).
/// </summary>
internal static class ContinuityMuxer
{
    public static readonly IReadOnlyList<string> Arguments =
    [
        "-f", "mpegts", "-mpegts_pmt_start_pid", "4096", "-mpegts_start_pid", "256", "-flush_packets", "1", "-pes_payload_size", "0",
    ];
}
