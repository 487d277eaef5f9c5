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
    /// <summary>The native worker, as shipped.</summary>
    public const string Worker = "worker";

    /// <summary>The managed build on `dotnet`, as the worker ran before it shipped native.</summary>
    public const string ManagedWorker = "worker-managed";

    public const string Bare = "bare";

    public bool IsWorker => Variant != Bare;

    public double TotalCores => RelayCores + (WorkerCores ?? 0);
}
