namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// One measured window of N copy routes. CPU figures are cores (CPU seconds per wall second) over the window; the
/// worker fields are null for the bare run. <see cref="ChildrenReplaced"/> counts relay processes that were not
/// the same at both ends of the window (a restart would make the CPU figure partial).
/// </summary>
internal sealed record SupervisionResult(
    int Repetition,
    int Routes,
    string Variant,
    double RelayCores,
    double? WorkerCores,
    double? WorkerRssMiB,
    int? WorkerThreads,
    int? WorkerFds,
    double NginxCores,
    double DeliveredKiBPerSecond,
    int ChildrenReplaced,
    string LoadAverage)
{
    public const string Worker = "worker";
    public const string Bare = "bare";

    public double TotalCores => RelayCores + (WorkerCores ?? 0);
}
