namespace RelayWorker.TestSupport;

/// <summary>When datagrams arrived: first media after a moment, and the gaps in between, for the benchmarks.</summary>
internal sealed partial class UdpSink
{
    /// <summary>A gap longer than this is counted (the soak's "gaps &gt; 2 s").</summary>
    public static readonly TimeSpan CountedGap = TimeSpan.FromSeconds(2);

    private const int MaxRecordedGaps = 1000;
    private const double RecordedGapSeconds = 1.0;

    private readonly Lock _gate = new();
    private readonly List<Waiter> _waiters = [];
    private readonly List<MediaGap> _gaps = [];
    private readonly HashSet<int> _sourcePorts = [];
    private long? _lastAt;
    private int? _lastSourcePort;
    private int _countedGaps;
    private double _longestGap;

    /// <summary>The <see cref="MonotonicClock"/> time the latest datagram arrived; null before the first.</summary>
    public long? LastAt
    {
        get
        {
            lock (_gate)
            {
                return _lastAt;
            }
        }
    }

    /// <summary>The ephemeral port the latest datagram came from: which ffmpeg is writing right now.</summary>
    public int? LastSourcePort
    {
        get
        {
            lock (_gate)
            {
                return _lastSourcePort;
            }
        }
    }

    /// <summary>Every port datagrams came from: one while one ffmpeg writes, one more per ffmpeg that replaced it.</summary>
    public IReadOnlySet<int> SourcePorts
    {
        get
        {
            lock (_gate)
            {
                return new HashSet<int>(_sourcePorts);
            }
        }
    }

    /// <summary>
    /// The arrival time of the first datagram received after <paramref name="after"/> (and, when given, not from
    /// <paramref name="notFromPort"/>); null when none arrives within <paramref name="timeout"/>.
    /// </summary>
    public async Task<long?> FirstDatagramAfterAsync(long after, TimeSpan timeout, int? notFromPort = null)
    {
        var waiter = new Waiter(after, notFromPort);
        lock (_gate)
        {
            _waiters.Add(waiter);
        }
        try
        {
            return await waiter.Arrived.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Starts counting gaps afresh (the soak's measured window), including the silence up to now.</summary>
    public void ResetGaps()
    {
        lock (_gate)
        {
            _gaps.Clear();
            _countedGaps = 0;
            _longestGap = 0;
        }
    }

    /// <summary>Gap figures since <see cref="ResetGaps"/>; a silence still going on at <paramref name="now"/> counts too.</summary>
    public (double LongestSeconds, int CountedGaps, IReadOnlyList<MediaGap> Gaps) GapsUntil(long now)
    {
        lock (_gate)
        {
            var trailing = _lastAt is { } last ? MonotonicClock.Seconds(last, now) : 0;
            var counted = _countedGaps + (trailing > CountedGap.TotalSeconds ? 1 : 0);
            return (Math.Max(_longestGap, trailing), counted, [.. _gaps]);
        }
    }

    private void Record(long now, int port)
    {
        lock (_gate)
        {
            if (_lastAt is { } last)
            {
                var gap = MonotonicClock.Seconds(last, now);
                _longestGap = Math.Max(_longestGap, gap);
                if (gap > CountedGap.TotalSeconds)
                {
                    _countedGaps++;
                }
                if (gap >= RecordedGapSeconds && _gaps.Count < MaxRecordedGaps)
                {
                    _gaps.Add(new MediaGap(last, gap));
                }
            }
            _lastAt = now;
            _lastSourcePort = port;
            _sourcePorts.Add(port);
            foreach (var waiter in _waiters)
            {
                if (now > waiter.After && port != waiter.NotFromPort)
                {
                    waiter.Arrived.TrySetResult(now);
                }
            }
        }
    }

    private sealed class Waiter(long after, int? notFromPort)
    {
        public long After { get; } = after;

        public int? NotFromPort { get; } = notFromPort;

        public TaskCompletionSource<long?> Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
