using RelayWorker.Benchmarks.Infrastructure;

namespace RelayWorker.Benchmarks.Soak;

/// <summary>The worker's resources and restart counters at one moment of the soak.</summary>
internal sealed record SoakSnapshot(ResourceSample Resources, SortedDictionary<string, long> Restarts, int FfmpegChildren)
{
    public long TotalRestarts => Restarts.Values.Sum();

    public static async Task<SoakSnapshot> TakeAsync(WorkerProcess worker) => new(
        ResourceSample.Of(worker.Pid) ?? throw new InvalidOperationException("the worker is gone"),
        await worker.RestartsByReasonAsync(),
        worker.FfmpegChildren().Count);

    public string Reasons => Restarts.Count == 0 ? "none" : string.Join(", ", Restarts.Select(kv => $"{kv.Key}={kv.Value}"));
}
