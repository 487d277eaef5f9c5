using RelayWorker.FFmpeg;

namespace RelayWorker.Tests.Status;

/// <summary>The calls a supervisor makes on a <see cref="RelayWorker.Status.RouteStatus"/>, with plausible arguments.</summary>
internal static class RouteStatusSteps
{
    internal static ProgressSnapshot Block(long outTimeUs, long totalSize) =>
        new(Frame: 10, Fps: 25, BitrateKbps: 1000, totalSize, outTimeUs, DupFrames: 0, DropFrames: 0, Speed: 1, Ended: false);
}
