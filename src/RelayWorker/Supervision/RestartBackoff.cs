using RelayWorker.Configuration;

namespace RelayWorker.Supervision;

/// <summary>
/// The delay before each restart of one route. The first restart after a good run is immediate (a
/// crash of a healthy stream should cost nothing); consecutive short runs then back off exponentially
/// from InitialDelay, capped at MaxDelay, with jitter so that many routes failing together (a media
/// server restart) do not reconnect in lockstep. A run of StableAfter or longer starts over. A run that
/// streamed for <see cref="ProvenWorking"/> is also restarted at once, without counting as a failure:
/// measured with kills 8-10 s apart, counting those as short runs escalated every replacement to 30 s
/// of lost media where 2 s were needed (BENCHMARKS.md, restart latency).
/// </summary>
internal sealed class RestartBackoff(RestartOptions options, Func<double> random)
{
    /// <summary>Media for this long proves the route's source and destinations work; a process that
    /// dies after that is an accident to repair at once, not a failure to back off from.</summary>
    public static readonly TimeSpan ProvenWorking = TimeSpan.FromSeconds(5);

    private int _consecutiveShortRuns;

    public int ConsecutiveShortRuns => _consecutiveShortRuns;

    /// <param name="lastRunStreamed">How long the last run moved media (not how long its process lived).</param>
    public TimeSpan NextDelay(TimeSpan lastRunStreamed)
    {
        if (lastRunStreamed >= options.StableAfter)
        {
            _consecutiveShortRuns = 0;
        }
        else if (lastRunStreamed >= ProvenWorking && _consecutiveShortRuns > 0)
        {
            return TimeSpan.Zero;
        }
        return DelayFor(_consecutiveShortRuns++, options, random());
    }

    /// <summary>Delay for the n-th consecutive short run; jitter in [0, 1) scales it to 50-100 %.</summary>
    public static TimeSpan DelayFor(int consecutiveShortRuns, RestartOptions options, double jitter)
    {
        if (consecutiveShortRuns == 0)
        {
            return TimeSpan.Zero;
        }
        // 2^30 × any sane initial delay already exceeds every MaxDelay; clamping the exponent avoids overflow.
        var exponential = options.InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(consecutiveShortRuns - 1, 30));
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * Math.Clamp(jitter, 0, 1))));
    }
}
