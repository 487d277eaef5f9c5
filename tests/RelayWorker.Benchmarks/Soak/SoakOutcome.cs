using RelayWorker.Benchmarks.Relay;

namespace RelayWorker.Benchmarks.Soak;

/// <summary>Everything the soak observed, handed to <see cref="SoakReport"/> in one piece.</summary>
internal sealed record SoakOutcome(
    SoakSchedule Schedule,
    RelayRig Rig,
    IReadOnlyList<SoakSnapshot> Samples,
    FaultLog Faults,
    int FfmpegStarts,
    IReadOnlyList<long?> Recovered,
    long EndAt,
    int StrayRelays,
    WorkerLogCounter Log,
    MediaClockWatch Clocks,
    long LogLines,
    long LogBytes);
