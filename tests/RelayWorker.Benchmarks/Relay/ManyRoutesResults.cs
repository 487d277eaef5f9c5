namespace RelayWorker.Benchmarks.Relay;

/// <summary>How long each phase of a many-routes run may take, from the command line.</summary>
/// <summary>The command's options; <c>MaxStarting</c> is the worker's Relay__MaxStartingRoutes, 0 for its default.</summary>
internal sealed record ManyRoutesSettings(TimeSpan Timeout, TimeSpan Steady, TimeSpan Outage, int MaxStarting);

/// <summary>
/// Everything started at once until every route streams (or the timeout). <see cref="Restarts"/> and
/// <see cref="Probes"/> are null for bare ffmpeg, which has neither a supervisor nor endpoints.
/// </summary>
internal sealed record StartPhase(string Nice, double? AllAfter, int Streaming, IReadOnlyDictionary<string, long>? Restarts, ProbePhase? Probes, string Load);

/// <summary>
/// The steady window after the start. <see cref="MeasuredCores"/> is the CPU of the processes that existed at both
/// ends of the window (the worker's ffmpeg children, or the bare ffmpegs), <see cref="Measured"/> of <see cref="Of"/>.
/// <see cref="WorkerCores"/>, <see cref="RestartsInWindow"/> and <see cref="RssMiB"/> are null for bare ffmpeg.
/// <see cref="Load"/>, in every phase, is the machine's load average at its end.
/// </summary>
internal sealed record SteadyPhase(
    double Seconds,
    long? RestartsInWindow,
    int Streaming,
    double? MinSpeed,
    int AtSpeed,
    double? WorkerCores,
    double MeasuredCores,
    int Measured,
    int Of,
    double? RssMiB,
    string Load)
{
    /// <summary>The speed at which a live copy keeps up with its source (ffmpeg rounds to two decimals).</summary>
    public const double KeepsUp = 0.99;

    public double TotalCores => (WorkerCores ?? 0) + MeasuredCores;
}

/// <summary>The shared RTMP server down for the outage and back: from its return until every route streams again.</summary>
internal sealed record OutagePhase(double? AllAfterBack, int Streaming, IReadOnlyDictionary<string, long> RestartsWhileDown, IReadOnlyDictionary<string, long> RestartsAfterBack, ProbePhase Probes, string Load);

/// <summary>One variant (the worker, or the same command lines run bare) at one route count.</summary>
internal sealed record ManyRoutesRun(int Routes, string Variant, StartPhase Start, SteadyPhase Steady, OutagePhase? Outage);
