namespace RelayWorker.Configuration;

/// <summary>Which share of the configured routes this replica owns when several replicas run.</summary>
public sealed class ShardOptions
{
    public int Index { get; set; }

    public int Count { get; set; } = 1;
}
