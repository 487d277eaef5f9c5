namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>One route as a user configures it: a name, a source and one destination (profile copy, the default).</summary>
internal sealed record WorkerRoute(string Name, string Source, string Destination);
