namespace RelayWorker.Telemetry;

/// <summary>
/// The runtime and process instrumentations name several gauges "*.count", which Prometheus reserves
/// for histogram and summary series (promtool flags them). They are renamed on export.
/// </summary>
internal static class CountSuffixRenames
{
    private static readonly Dictionary<string, string> Renames = new(StringComparer.Ordinal)
    {
        ["dotnet.assembly.count"] = "dotnet.assemblies.loaded",
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
        ["dotnet.thread_pool.thread.count"] = "dotnet.thread_pool.threads",
        ["dotnet.timer.count"] = "dotnet.timers",
        ["process.thread.count"] = "process.threads",
        ["process.unix.file_descriptor.count"] = "process.unix.file_descriptors",
    };

    /// <summary>The exported name of a "*.count" gauge; null for every other instrument, which keeps its own.</summary>
    public static string? NewName(System.Diagnostics.Metrics.Instrument instrument)
    {
        if (instrument is System.Diagnostics.Metrics.Counter<long> or System.Diagnostics.Metrics.ObservableCounter<long>
            || !instrument.Name.EndsWith(".count", StringComparison.Ordinal))
        {
            return null;
        }
        // Unknown future "*.count" gauges get a neutral suffix rather than breaking the lint.
        return Renames.GetValueOrDefault(instrument.Name) ?? instrument.Name[..^".count".Length] + ".current";
    }
}
