namespace RelayWorker.Events;

/// <summary>How webhook deliveries behave; fixed in production, shortened by tests.</summary>
internal sealed record WebhookSettings
{
    public static readonly WebhookSettings Default = new();

    /// <summary>Events waiting per webhook; beyond it the oldest is dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>Tries per event, the first included.</summary>
    public int Attempts { get; init; } = 5;

    /// <summary>Wait before the second try; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A receiver that takes longer than this for one POST has failed that try.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
