
namespace RelayWorker.IntegrationTests.Faults;

/// <summary>
/// Records every direct child of a worker while it lives, polling /proc every 20 ms in the background,
/// so a test can later prove each of them is gone. Polling can miss a child that lives only between two looks,
/// so <see cref="Survivors"/> also scans every process's command line for a marker only this test's children carry
/// (e.g. the unique sink URL): an orphan that was re-parented to init is found that way too.
/// </summary>
internal sealed class ChildWatch : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly int _parentPid;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, long?> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ChildWatch(int parentPid)
    {
        _parentPid = parentPid;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    /// <summary>Children seen so far, with their start times (so a reused pid is never mistaken for one of them).</summary>
    public IReadOnlyDictionary<int, long?> Seen
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<int, long?>(_seen);
            }
        }
    }

    /// <summary>Child pids seen so far.</summary>
    public IReadOnlyCollection<int> Pids => Seen.Keys.ToList();

    /// <summary>Looks once more (the caller may know of a child the loop has not seen yet) and adds what it finds.</summary>
    public void Sample()
    {
        foreach (var pid in ProcFs.Children(_parentPid))
        {
            var started = ProcFs.StartTime(pid);
            lock (_gate)
            {
                _seen.TryAdd(pid, started);
            }
        }
    }

    /// <summary>Processes still alive that were a child of the worker, or whose command line contains <paramref name="marker"/>.</summary>
    public IReadOnlyList<int> Survivors(string marker)
    {
        var survivors = Seen.Where(child => child.Value is not null && ProcFs.StartTime(child.Key) == child.Value && ProcFs.IsAlive(child.Key))
            .Select(child => child.Key)
            .ToHashSet();
        survivors.UnionWith(WithArgumentContaining(marker));
        survivors.Remove(Environment.ProcessId);
        return [.. survivors.Order()];
    }

    /// <summary>Live processes with <paramref name="marker"/> in one of their arguments.</summary>
    public static IReadOnlyList<int> WithArgumentContaining(string marker)
    {
        var result = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid)
                && ProcFs.IsAlive(pid)
                && ProcFs.CommandLine(pid).Any(argument => argument.Contains(marker, StringComparison.Ordinal)))
            {
                result.Add(pid);
            }
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Sample();
            await Task.Delay(Interval, stop);
        }
    }
}
