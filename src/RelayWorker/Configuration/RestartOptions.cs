namespace RelayWorker.Configuration;

/// <summary>The backoff between restarts of one route's ffmpeg.</summary>
public sealed class RestartOptions
{
    public TimeSpan InitialDelay { get; set; } = RelayDefaults.RestartInitialDelay;

    public TimeSpan MaxDelay { get; set; } = RelayDefaults.RestartMaxDelay;

    /// <summary>A run at least this long resets the backoff to its start.</summary>
    public TimeSpan StableAfter { get; set; } = RelayDefaults.RestartStableAfter;
}
