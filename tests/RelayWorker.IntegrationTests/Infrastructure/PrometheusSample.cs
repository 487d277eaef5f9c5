namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>One element of an instant-vector query result: the series labels and its current value.</summary>
internal sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, double Value);
