namespace RelayWorker.Configuration;

/// <summary>When a continuous route (one with backups or a slate) leaves a source and when it returns to one.</summary>
public sealed class FailoverOptions
{
    /// <summary>How long a source may deliver no advancing media before the route leaves it.</summary>
    public TimeSpan LossAfter { get; set; } = RelayDefaults.FailoverLossAfter;

    /// <summary>How long a higher-priority source must deliver media before the route goes back to it.</summary>
    public TimeSpan FailbackAfter { get; set; } = RelayDefaults.FailoverFailbackAfter;
}
