namespace RelayWorker.Supervision;

/// <summary>
/// Spreads restarts when many routes fail together (their shared server went down): each restart in such a burst
/// waits an extra random share of <see cref="PerFailure"/> × the burst's size, so 200 routes do not probe a
/// recovering server in the same second. A lone failure (a crashed ffmpeg) gets nothing extra and is replaced at once.
/// </summary>
internal sealed class RestartSpread(TimeProvider timeProvider, Func<double> random)
{
    /// <summary>Failures within this window count as one burst.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    /// <summary>Up to this many failures in a window are normal churn, restarted without delay.</summary>
    public const int LoneFailures = 4;

    /// <summary>
    /// Spread per failure in the burst: 200 failures spread over up to 10 s, about the rate at which two cores start
    /// ffmpeg (BENCHMARKS.md, "Many routes").
    /// </summary>
    public static readonly TimeSpan PerFailure = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private readonly Queue<long> _recent = new();

    public RestartSpread(TimeProvider timeProvider)
        : this(timeProvider, Random.Shared.NextDouble)
    {
    }

    /// <summary>Records one failure now and returns <paramref name="delay"/> plus this restart's share of the spread.</summary>
    public TimeSpan Apply(TimeSpan delay)
    {
        int burst;
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            while (_recent.TryPeek(out var oldest) && timeProvider.GetElapsedTime(oldest, now) > Window)
            {
                _recent.Dequeue();
            }
            _recent.Enqueue(now);
            burst = _recent.Count;
        }
        return burst <= LoneFailures ? delay : delay + (PerFailure * burst * random());
    }
}
