using RelayWorker.FFmpeg;

namespace RelayWorker.Status;

internal sealed partial class RouteStatus
{
    // The allowed moves of the state machine; anything else is a supervisor bug, so it throws.
    private static readonly Dictionary<RouteState, RouteState[]> Allowed = new()
    {
        [RouteState.Stopped] = [RouteState.Starting, RouteState.Disabled, RouteState.Stopped, RouteState.BackingOff],
        // Disabled -> BackingOff: a re-enabled route whose ffmpeg cannot even start goes straight to waiting.
        [RouteState.Disabled] = [RouteState.Starting, RouteState.Stopped, RouteState.Disabled, RouteState.BackingOff],
        [RouteState.Starting] = [RouteState.Running, RouteState.Stalled, RouteState.BackingOff, RouteState.Stopped],
        [RouteState.Running] = [RouteState.Stalled, RouteState.BackingOff, RouteState.Stopped],
        [RouteState.Stalled] = [RouteState.BackingOff, RouteState.Stopped],
        // BackingOff -> BackingOff: the process could not even be started, so no Starting came between.
        [RouteState.BackingOff] = [RouteState.Starting, RouteState.Stopped, RouteState.BackingOff],
    };

    public static bool CanMove(RouteState from, RouteState to) => Allowed[from].Contains(to);

    private void MoveTo(RouteState to)
    {
        if (!CanMove(_state, to))
        {
            throw new InvalidOperationException($"route {Name}: {_state} -> {to} is not a valid transition");
        }
        _state = to;
    }

    public void ChildStarted(int processId, Supervision.DestinationTracker destinations)
    {
        lock (_gate)
        {
            MoveTo(RouteState.Starting);
            DestinationTracker = destinations;
            ChildProcessId = processId;
            RunStartedAt = timeProvider.GetUtcNow();
            StreamingSince = null;
            LastMediaAt = null;
            CurrentBackoff = null;
            Progress = null;
            _outputBytesBeforeThisRun += Interlocked.Exchange(ref _outputBytesThisRun, 0);
        }
    }

    /// <summary>A progress block arrived; advanced says out_time moved forward.</summary>
    public void ProgressReceived(ProgressSnapshot snapshot, bool advanced)
    {
        lock (_gate)
        {
            Progress = snapshot;
            if (snapshot.TotalSizeBytes is { } size)
            {
                Interlocked.Exchange(ref _outputBytesThisRun, Math.Max(size, Interlocked.Read(ref _outputBytesThisRun)));
            }
            if (advanced)
            {
                DestinationTracker?.MediaFlowing();
            }
            if (advanced)
            {
                // Uptime counts from the start of the current unbroken stretch of media.
                if (_state == RouteState.Starting || !IsFresh(LastMediaAt))
                {
                    StreamingSince = timeProvider.GetUtcNow();
                }
                LastMediaAt = timeProvider.GetUtcNow();
            }
            if (advanced && _state == RouteState.Starting)
            {
                MoveTo(RouteState.Running);
            }
        }
    }

    public void MarkStalled()
    {
        lock (_gate)
        {
            MoveTo(RouteState.Stalled);
        }
    }

    public void ChildExited(int? exitCode, string? lastError)
    {
        lock (_gate)
        {
            LastExitCode = exitCode;
            if (lastError is not null)
            {
                LastError = lastError;
            }
            ChildProcessId = null;
            StreamingSince = null;
        }
    }

    public void BackingOff(string reason, TimeSpan delay)
    {
        lock (_gate)
        {
            MoveTo(RouteState.BackingOff);
            CurrentBackoff = delay;
            _restarts.AddOrUpdate(reason, 1, (_, n) => n + 1);
        }
    }

    public void CountRestart(string reason) => _restarts.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public void Stopped()
    {
        lock (_gate)
        {
            MoveTo(RouteState.Stopped);
            ChildProcessId = null;
            CurrentBackoff = null;
        }
    }

    public void Disabled()
    {
        lock (_gate)
        {
            MoveTo(RouteState.Disabled);
        }
    }
}
