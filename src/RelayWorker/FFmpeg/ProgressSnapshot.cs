namespace RelayWorker.FFmpeg;

/// <summary>One <c>-progress</c> block. Every value is optional: ffmpeg prints N/A or omits keys.</summary>
internal sealed record ProgressSnapshot(
    long? Frame,
    double? Fps,
    double? BitrateKbps,
    long? TotalSizeBytes,
    long? OutTimeMicroseconds,
    long? DupFrames,
    long? DropFrames,
    double? Speed,
    bool Ended);
