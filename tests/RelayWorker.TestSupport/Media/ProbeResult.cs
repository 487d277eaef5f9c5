namespace RelayWorker.TestSupport;

/// <summary>What ffprobe found in a file or stream.</summary>
internal sealed record ProbeResult(
    IReadOnlyList<ProbeStream> Streams,
    string? FormatName,
    double? DurationSeconds,
    long? BitRate)
{
    public ProbeStream? Video => Streams.FirstOrDefault(s => s.CodecType == "video");

    public ProbeStream? Audio => Streams.FirstOrDefault(s => s.CodecType == "audio");
}
