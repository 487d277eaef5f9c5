using System.Globalization;
using System.Text.RegularExpressions;
using RelayWorker.Configuration;
using RelayWorker.FFmpeg;
using RelayWorker.Redaction;
using RelayWorker.Status;
using RelayWorker.Supervision;

namespace RelayWorker.Continuity;

/// <summary>
/// Keeps one input of a continuous route running (an ingest of a source, or the slate): starts its ffmpeg with
/// stdout read into the <see cref="SourceSwitchboard"/>, restarts it with backoff when it exits, when it never
/// delivers within StartTimeout, or when it stopped delivering for <see cref="LostFor"/>, and reports its state.
/// None of this touches the output stage: the destinations' connections outlive every input's restarts.
/// </summary>
internal sealed partial class ContinuousInput(
    ContinuousInput.Identity identity,
    Func<ChildProcessSpec> spec,
    SourceSwitchboard board,
    IChildProcessLauncher launcher,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>The input's place in the route, what it reads (redacted) and the settings its supervision uses.</summary>
    internal sealed record Identity(string Route, int Index, string Name, string Input, RouteRunSettings Settings);

    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>Log lines kept from each run's start: the "Stream #0:n" lines that describe the source.</summary>
    private const int HeaderLines = 80;

    private readonly Lock _gate = new();
    private SourceView _view = new(identity.Name, identity.Input, SourceState.Connecting);
    private volatile bool _restartRequested;
    private volatile bool _clockWentBack;

    /// <summary>
    /// How far back a source's clock must go for its ingest to be restarted: one second at the 90 kHz clock of the
    /// ingest's MPEG-TS output, the time base of the values in ffmpeg's warning. After that warning the muxer writes
    /// each late packet one tick after the last. A frame or two back is a sloppy source's timestamps, and the tick is
    /// harmless. A second or more is its clock gone back (a publisher returning into the session its server held for
    /// this ingest): the muxer would squeeze every packet for as long as the old clock was ahead, which may be hours,
    /// and a new ingest reads the source with a clock of its own.
    /// </summary>
    private const long ClockWentBackTicks = TsTime.TicksPerSecond;

    /// <summary>Raised when <see cref="View"/> changes.</summary>
    public Action? Changed { get; init; }

    /// <summary>Raised once per run with the lines ffmpeg logged about its input, up to its output header.</summary>
    public Action<IReadOnlyList<string>>? InputDescribed { get; init; }

    public SourceView View
    {
        get
        {
            lock (_gate)
            {
                return _view;
            }
        }
    }

    /// <summary>An input that delivered and then stopped for this long is restarted: a held session whose clock
    /// stopped or ran backwards never recovers by itself.</summary>
    public TimeSpan LostFor => TimeSpan.FromTicks(Math.Max(identity.Settings.Failover.LossAfter.Ticks * 3, TimeSpan.TicksPerSecond * 3));

    /// <summary>Ends the current process so the next one starts with fresh arguments (a slate that must match a new source).</summary>
    public void RequestRestart() => _restartRequested = true;

    public async Task RunAsync(CancellationToken stop)
    {
        var backoff = new RestartBackoff(CappedRestart(identity.Settings.Restart), Random.Shared.NextDouble);
        while (!stop.IsCancellationRequested)
        {
            string reason;
            TimeSpan streamed;
            try
            {
                (reason, streamed) = await RunOnceAsync(stop);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                // A bug must cost this input one run, never its supervision or the worker: retried like a failed run.
                LogUnexpected(e, identity.Route, identity.Name);
                (reason, streamed) = (RestartReason.Failed, TimeSpan.Zero);
            }
            if (stop.IsCancellationRequested)
            {
                break;
            }
            board.InputRestarted(identity.Index);
            var delay = backoff.NextDelay(streamed);
            Update(v => v with { State = SourceState.BackingOff, Restarts = v.Restarts + 1 });
            LogRestarting(identity.Route, identity.Name, reason, delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, time, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private async Task<(string Reason, TimeSpan Streamed)> RunOnceAsync(CancellationToken stop)
    {
        _restartRequested = false;
        _clockWentBack = false;
        Update(v => v with { State = SourceState.Connecting });
        var header = new List<string>();
        var described = false;
        string? lastError = null;
        var childSpec = spec() with
        {
            Niceness = identity.Settings.ChildNiceness,
            StandardOutput = (stdout, token) => board.ReadInputAsync(identity.Index, stdout, token),
        };
        IChildProcess child;
        try
        {
            child = await launcher.StartAsync(childSpec, _ => { }, raw =>
            {
                var line = FfmpegLogLine.Parse(raw);
                var redacted = SecretRedactor.RedactText(line.Text, identity.Settings.KnownSecrets);
                if (!described)
                {
                    header.Add(line.Text);
                    if (line.Text.StartsWith("Output #", StringComparison.Ordinal) || header.Count >= HeaderLines)
                    {
                        described = true;
                        InputDescribed?.Invoke(header);
                    }
                }
                if (line.IsError)
                {
                    lastError = redacted;
                }
                if (ClockWentBack(line.Text))
                {
                    _clockWentBack = true;
                }
                LogInputLine(identity.Route, identity.Name, redacted);
            }, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ("stopped", TimeSpan.Zero);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException or InvalidOperationException or CliWrap.Exceptions.CliWrapException)
        {
            var message = SecretRedactor.RedactText(e.Message, identity.Settings.KnownSecrets);
            Update(v => v with { LastError = message });
            return (RestartReason.StartFailed, TimeSpan.Zero);
        }

        var startedAt = time.GetTimestamp();
        long? firstMediaAt = null;
        long? lastMediaAt = null;
        var reason = await WatchAsync();
        await child.Exited;
        var exitCode = child.Exited.Result;
        Update(v => v with { LastError = lastError ?? v.LastError });
        var streamed = firstMediaAt is { } first && lastMediaAt is { } last ? time.GetElapsedTime(first, last) : TimeSpan.Zero;
        LogExited(identity.Route, identity.Name, child.ProcessId, exitCode, reason, lastError ?? "-");
        return (reason, streamed);

        async Task<string> WatchAsync()
        {
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = stop.Register(() => stopped.TrySetResult());
            while (!child.Exited.IsCompleted)
            {
                await Task.WhenAny(child.Exited, stopped.Task, Task.Delay(CheckEvery, time, CancellationToken.None));
                if (child.Exited.IsCompleted)
                {
                    return RestartReason.ForExitCode(child.Exited.Result);
                }
                if (stop.IsCancellationRequested)
                {
                    await StopAsync(child);
                    return "stopped";
                }
                var sinceAdvance = board.SinceLastAdvance(identity.Index);
                var delivering = sinceAdvance is { } since && since <= identity.Settings.Failover.LossAfter;
                if (delivering)
                {
                    firstMediaAt ??= time.GetTimestamp();
                    lastMediaAt = time.GetTimestamp();
                }
                var state = delivering ? SourceState.Delivering : firstMediaAt is null ? SourceState.Connecting : SourceState.Lost;
                Update(v => v with { State = state });
                string? ending = _restartRequested ? RestartReason.Reconfigured
                    : _clockWentBack ? RestartReason.Frozen
                    : firstMediaAt is null && time.GetElapsedTime(startedAt) >= identity.Settings.StartTimeout ? RestartReason.StartTimeout
                    : firstMediaAt is not null && !delivering && (sinceAdvance ?? TimeSpan.MaxValue) >= LostFor ? RestartReason.Stalled
                    : null;
                if (ending is not null)
                {
                    await StopAsync(child);
                    return ending;
                }
            }
            return RestartReason.ForExitCode(child.Exited.Result);
        }
    }

    /// <summary>Whether an ingest's log line says its source's clock went back by a second or more.</summary>
    internal static bool ClockWentBack(string line)
    {
        if (!StallWatchdog.SaysTimestampsWentBack(line) || WentBackValues().Match(line) is not { Success: true } values)
        {
            return false;
        }
        return long.TryParse(values.Groups["previous"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var previous)
            && long.TryParse(values.Groups["current"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var current)
            && previous - current >= ClockWentBackTicks;
    }

    [GeneratedRegex(@"previous: (?<previous>\d+), current: (?<current>\d+)")]
    private static partial Regex WentBackValues();

    /// <summary>An input's restart is invisible to viewers, and a source that comes back must be noticed soon: its
    /// backoff stops growing at 5 s (ffmpeg's own start costs about 0.15 s of CPU, so at most 3 % of a core).</summary>
    private static RestartOptions CappedRestart(RestartOptions restart) => new()
    {
        InitialDelay = restart.InitialDelay,
        MaxDelay = restart.MaxDelay < MaxInputDelay ? restart.MaxDelay : MaxInputDelay,
        StableAfter = restart.StableAfter,
    };

    private static readonly TimeSpan MaxInputDelay = TimeSpan.FromSeconds(5);

    private static async Task StopAsync(IChildProcess child)
    {
        // Nothing of an input's output needs flushing: the switchboard only takes whole frames.
        child.Kill();
        await child.Exited;
    }

    private void Update(Func<SourceView, SourceView> change)
    {
        bool changed;
        lock (_gate)
        {
            var before = _view;
            _view = change(before);
            changed = _view != before;
        }
        if (changed)
        {
            Changed?.Invoke();
        }
    }

    [LoggerMessage(EventId = 4107, Level = LogLevel.Error, Message = "Route {Route} {Input}: unexpected error in the input's supervision; restarting it")]
    private partial void LogUnexpected(Exception exception, string route, string input);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Route {Route} {Input}: {Line}")]
    private partial void LogInputLine(string route, string input, string line);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Route {Route} {Input}: ffmpeg {ProcessId} ended with {ExitCode} ({Reason}); last error: {LastError}")]
    private partial void LogExited(string route, string input, int processId, int exitCode, string reason, string lastError);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Route {Route} {Input}: restarting ({Reason}) in {DelayMs:0} ms; the destinations stay connected")]
    private partial void LogRestarting(string route, string input, string reason, double delayMs);
}
