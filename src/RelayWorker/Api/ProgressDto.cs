using RelayWorker.FFmpeg;

namespace RelayWorker.Api;

/// <summary>Live numbers from the route's latest ffmpeg progress block.</summary>
internal sealed record ProgressDto(
    long? Frames,
    double? Fps,
    double? BitrateKbps,
    double? Speed,
    double? OutTimeSeconds,
    long? DupFrames,
    long? DropFrames,
    long OutputBytes)
{
    public static ProgressDto From(ProgressSnapshot p, long outputBytes) => new(
        p.Frame,
        p.Fps,
        p.BitrateKbps,
        p.Speed,
        p.OutTimeMicroseconds is { } us ? Math.Round(us / 1_000_000.0, 3) : null,
        p.DupFrames,
        p.DropFrames,
        outputBytes);
}
