namespace RelayWorker.TestSupport;

/// <summary>A gap in a sink's media: when it started (<see cref="MonotonicClock"/> ticks) and how long nothing arrived.</summary>
internal readonly record struct MediaGap(long StartedAt, double Seconds);
