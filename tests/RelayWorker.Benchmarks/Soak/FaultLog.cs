namespace RelayWorker.Benchmarks.Soak;

/// <summary>What the soak injected, so each gap at a sink can be set against the fault that caused it.</summary>
internal sealed class FaultLog
{
    private readonly Lock _gate = new();
    private readonly List<(long Start, long End)> _flaps = [];

    public int Kills { get; private set; }

    /// <summary>Kill moments when the chosen route had no live ffmpeg (it was between children): nothing was killed.</summary>
    public int SkippedKills { get; private set; }

    public int Flaps
    {
        get
        {
            lock (_gate)
            {
                return _flaps.Count;
            }
        }
    }

    public double FlapSeconds
    {
        get
        {
            lock (_gate)
            {
                return _flaps.Sum(f => MonotonicClock.Seconds(f.Start, f.End));
            }
        }
    }

    public void Killed() => Kills++;

    public void Skipped() => SkippedKills++;

    public void Flapped(long start, long end)
    {
        lock (_gate)
        {
            _flaps.Add((start, end));
        }
    }

    /// <summary>Whether a gap that began at <paramref name="gapStart"/> began during a source flap (or just before its stop completed).</summary>
    public bool DuringFlap(long gapStart)
    {
        var slack = (long)(System.Diagnostics.Stopwatch.Frequency * 1.0);
        lock (_gate)
        {
            return _flaps.Any(f => gapStart >= f.Start - slack && gapStart <= f.End);
        }
    }
}
