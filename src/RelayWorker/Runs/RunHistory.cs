namespace RelayWorker.Runs;

/// <summary>The last runs of one route, <see cref="Kept"/> per process, and why the worker is about to stop its
/// current run (so that run is recorded as manual or reconfigured rather than stopped).</summary>
internal sealed class RunHistory
{
    public const int Kept = 20;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<RunRecord>> _byProcess = new(StringComparer.Ordinal);
    private string? _stopCause;

    /// <summary>Every kept run, newest first.</summary>
    public IReadOnlyList<RunRecord> Runs
    {
        get
        {
            lock (_gate)
            {
                return [.. _byProcess.Values.SelectMany(q => q).OrderByDescending(r => r.EndedAt)];
            }
        }
    }

    /// <summary>The next stop the worker makes ends the current run for <paramref name="cause"/>.</summary>
    public void ExpectStop(string cause)
    {
        lock (_gate)
        {
            _stopCause = cause;
        }
    }

    /// <summary>A new run starts: a stop cause meant for an earlier run (that ended by itself first) is dropped.</summary>
    internal void RunStarting()
    {
        lock (_gate)
        {
            _stopCause = null;
        }
    }

    internal string? TakeStopCause()
    {
        lock (_gate)
        {
            var cause = _stopCause;
            _stopCause = null;
            return cause;
        }
    }

    internal void Add(RunRecord run)
    {
        lock (_gate)
        {
            if (!_byProcess.TryGetValue(run.Process, out var runs))
            {
                _byProcess[run.Process] = runs = new Queue<RunRecord>(Kept);
            }
            if (runs.Count == Kept)
            {
                runs.Dequeue();
            }
            runs.Enqueue(run);
        }
    }
}
