namespace RelayWorker.Runs;

/// <summary>One run while it lasts: the last <see cref="LinesKept"/> lines ffmpeg wrote (already redacted), and its
/// record once it ends.</summary>
internal sealed class RunRecording(RunHistory history, string process, TimeProvider timeProvider)
{
    public const int LinesKept = 30;

    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new(LinesKept);

    public string Process => process;

    public DateTimeOffset StartedAt { get; } = timeProvider.GetUtcNow();

    /// <summary>A line ffmpeg wrote, with every secret already masked; the caller redacts.</summary>
    public void Line(string redacted)
    {
        lock (_gate)
        {
            if (_lines.Count == LinesKept)
            {
                _lines.Dequeue();
            }
            _lines.Enqueue(redacted);
        }
    }

    /// <param name="exitCode">Null when the child never started.</param>
    /// <param name="reason">The runner's restart reason, or "stopped".</param>
    /// <param name="stopRequested">The worker ended the run.</param>
    /// <param name="outTimeMicroseconds">The media time of the run's last progress block.</param>
    public RunRecord End(int? exitCode, string reason, bool stopRequested, long? outTimeMicroseconds)
    {
        var lines = LinesSoFar();
        var endedAt = timeProvider.GetUtcNow();
        var stopCause = history.TakeStopCause();
        var run = new RunRecord(
            process,
            StartedAt,
            endedAt,
            Math.Round((endedAt - StartedAt).TotalSeconds, 3),
            outTimeMicroseconds is { } micros ? Math.Round(micros / 1e6, 3) : null,
            exitCode,
            RunCause.Signal(exitCode),
            RunCause.Classify(reason, stopRequested, stopCause, exitCode, lines),
            lines);
        history.Ended(this, run);
        return run;
    }

    /// <summary>The run ends before its child started (the route was stopped first): nothing to record.</summary>
    public void Discard() => history.Ended(this, null);

    /// <summary>The run as it stands, for the runs API.</summary>
    public RunningDto Now() =>
        new(process, StartedAt, Math.Round((timeProvider.GetUtcNow() - StartedAt).TotalSeconds, 3), LinesSoFar());

    private string[] LinesSoFar()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }
}
