namespace RelayWorker.Runs;

/// <summary>The last runs of one route, <see cref="Kept"/> per process, and why the worker is about to stop its
/// current run (so that run is recorded as manual or reconfigured rather than stopped).</summary>
internal sealed class RunHistory
{
    public const int Kept = 20;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<RunRecord>> _byProcess = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunRecording> _running = new(StringComparer.Ordinal);
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

    /// <summary>The run each process has in progress: a process runs one child at a time.</summary>
    public IReadOnlyList<RunRecording> Running
    {
        get
        {
            lock (_gate)
            {
                return [.. _running.Values.OrderBy(r => r.StartedAt)];
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

    /// <summary>
    /// A new run starts, and replaces whatever its process had in progress. A stop cause meant for an earlier run
    /// (that ended by itself first) is dropped.
    /// </summary>
    internal void Started(RunRecording run)
    {
        lock (_gate)
        {
            _stopCause = null;
            _running[run.Process] = run;
        }
    }

    /// <summary>The run is over: recorded (<paramref name="record"/>) or dropped unrecorded (null) when its child never started.</summary>
    internal void Ended(RunRecording run, RunRecord? record)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(run.Process, out var current) && ReferenceEquals(current, run))
            {
                _running.Remove(run.Process);
            }
            if (record is not null)
            {
                Add(record);
            }
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

    private void Add(RunRecord run)
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
