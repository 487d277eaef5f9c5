namespace RelayWorker.Benchmarks.Ladder;

/// <summary>One ffmpeg process of a ladder run: its own CPU (from /proc at its end), its final speed, its media time.</summary>
internal sealed record LadderProcessResult(string Label, double? CpuSeconds, double? Speed, double? OutTimeSeconds, int ExitCode);

/// <summary>
/// One run of one variant. <see cref="CpuSeconds"/> is the exact total: the CPU of this program's reaped children
/// (every thread of every ffmpeg of the run), read from /proc/self/stat before and after.
/// </summary>
internal sealed record LadderRunResult(
    int Repetition,
    string Mode,
    string Output,
    string Variant,
    double CpuSeconds,
    double WallSeconds,
    double MediaSeconds,
    IReadOnlyList<LadderProcessResult> Processes,
    string LoadAverage)
{
    public double CpuPerMediaSecond => CpuSeconds / MediaSeconds;

    /// <summary>The slowest process decides whether the whole ladder keeps up.</summary>
    public double MinSpeed => Processes.Min(p => p.Speed ?? 0);

    /// <summary>Live mode: every rung's final speed at least 0.98x (ffmpeg counts its start-up in the elapsed time).</summary>
    public bool KeepsRealTime => MinSpeed >= 0.98;

    public bool AllSucceeded => Processes.All(p => p.ExitCode == 0);
}
