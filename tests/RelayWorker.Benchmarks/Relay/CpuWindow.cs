
namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// CPU used by a fixed set of processes over a window, from /proc/&lt;pid&gt;/stat utime+stime at both ends (10 ms
/// ticks, so a 30 s window is exact to well under 1 %). A process gone at the end is reported, not guessed.
/// </summary>
internal sealed class CpuWindow
{
    private readonly Dictionary<int, double> _start;
    private readonly long _startedAt;

    private CpuWindow(Dictionary<int, double> start, long startedAt)
    {
        _start = start;
        _startedAt = startedAt;
    }

    public static CpuWindow Begin(IEnumerable<int> pids)
    {
        var start = new Dictionary<int, double>();
        foreach (var pid in pids.Distinct())
        {
            if (ProcFs.Stat(pid) is { } stat)
            {
                start[pid] = stat.CpuSeconds;
            }
        }
        return new CpuWindow(start, MonotonicClock.Now);
    }

    /// <summary>Cores used by each process still alive, and how many of the processes are gone.</summary>
    public (IReadOnlyDictionary<int, double> Cores, int Gone, double Seconds) End()
    {
        var seconds = MonotonicClock.SecondsSince(_startedAt);
        var cores = new Dictionary<int, double>();
        var gone = 0;
        foreach (var (pid, before) in _start)
        {
            if (ProcFs.Stat(pid) is { IsZombie: false } stat)
            {
                cores[pid] = (stat.CpuSeconds - before) / seconds;
            }
            else
            {
                gone++;
            }
        }
        return (cores, gone, seconds);
    }
}
