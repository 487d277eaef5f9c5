namespace RelayWorker.Benchmarks.Soak;

/// <summary>The soak's fault plan: how often a child is killed and the source flaps, and for how long.</summary>
internal sealed record SoakSchedule(
    int Routes,
    TimeSpan Duration,
    (TimeSpan Low, TimeSpan High) KillEvery,
    (TimeSpan Low, TimeSpan High) FlapEvery,
    (TimeSpan Low, TimeSpan High) FlapFor,
    TimeSpan SampleEvery,
    int Seed);
