using RelayWorker.FFmpeg;
using RelayWorker.Media;
using RelayWorker.Redaction;
using RelayWorker.Runs;
using RelayWorker.Status;

namespace RelayWorker.Supervision;

/// <summary>Runs one ffmpeg for one route until it exits, stalls or is asked to stop.</summary>
internal sealed partial class RouteRunner(
    IChildProcessLauncher launcher, TimeProvider timeProvider, ILogger<RouteRunner> logger, StartAdmission? admission = null,
    SupervisionTicker? ticker = null, RunHistoryRegistry? runs = null)
{
    private readonly SupervisionTicker _ticker = ticker ?? new SupervisionTicker(timeProvider);

    /// <summary>One run of the route's ffmpeg; for a continuous route (<paramref name="pipe"/> set) one run of its
    /// output stage, which reads the spliced stream from stdin instead of the route's source.</summary>
    public async Task<RunOutcome> RunAsync(RouteDefinition route, RouteStatus status, RouteRunSettings settings, CancellationToken stop, PipeInput? pipe = null)
    {
        StartAdmission.Slot slot;
        try
        {
            slot = await AdmitAsync(status, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return RunOutcome.Stopped(null, TimeSpan.Zero);
        }
        // Released at the run's first media, or here at its end, whichever comes first.
        using (slot)
        {
            return await RunAdmittedAsync(route, status, settings, slot, pipe, stop);
        }
    }

    /// <summary>A slot at once in the common case; otherwise the route shows as queued until its turn.</summary>
    private async Task<StartAdmission.Slot> AdmitAsync(RouteStatus status, CancellationToken stop)
    {
        if (admission is null)
        {
            return StartAdmission.Slot.None;
        }
        if (admission.TryEnter(out var slot))
        {
            return slot;
        }
        status.RunQueued(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"waiting for a start slot: {admission.Starting} routes are starting, {admission.Queued + 1} waiting (Relay__MaxStartingRoutes is {admission.Capacity})"));
        return await admission.EnterAsync(stop);
    }

    private async Task<RunOutcome> RunAdmittedAsync(
        RouteDefinition route, RouteStatus status, RouteRunSettings settings, StartAdmission.Slot slot, PipeInput? pipe, CancellationToken stop)
    {
        var refusals = new RefusalWatch(this, route, WithoutFifo(route));
        var spec = new ChildProcessSpec(settings.FfmpegPath, FfmpegArguments.Build(route, refusals.WithoutFifo, pipe?.Arguments))
        {
            Niceness = settings.ChildNiceness,
            StandardInput = pipe?.Writer,
        };
        var waitsForPeer = WaitsForPeer(route);
        var watchdog = new StallWatchdog(timeProvider, settings.StallTimeout, armedAtStart: !waitsForPeer, settings.StartTimeout,
            // A continuous route's output clock is the splicer's, continued across every cut: watching a source's
            // clock is its ingests' business.
            watchesSourceClock: pipe is null && !SourceArrivesInBursts(route));
        var parser = new ProgressParser();
        var lastError = new LastErrorLine();
        var limiter = new RepeatedLineLimiter(timeProvider);
        var startupNoise = new StartupDecoderNoise();
        var destinations = new DestinationTracker(
            OutputArguments.Targets(route.AllDestinations), singleTee: route.Renditions.IsEmpty, timeProvider, onChanged: status.DestinationsChanged);
        var startedAt = timeProvider.GetTimestamp();
        var run = runs?.Begin(route.Name, RunHistoryRegistry.MainProcess);

        // The run is registered before its child exists: the child's output readers may report before the
        // launcher returns, and what they report must land on this run.
        status.RunStarting(route.AllDestinations.Length);
        IChildProcess child;
        try
        {
            PrepareLocalOutputs(route);
            child = await launcher.StartAsync(
                spec,
                line => OnProgressLine(parser.Feed(line), watchdog, status, startupNoise, destinations, slot),
                line =>
                {
                    // Redacted once, for the run history and the log alike: redaction is the costly part of a line.
                    var redacted = SecretRedactor.RedactText(line, settings.KnownSecrets);
                    run?.Line(redacted);
                    var parsed = startupNoise.Apply(FfmpegLogLine.Parse(line));
                    if (StallWatchdog.SaysTimestampsWentBack(parsed.Text))
                    {
                        watchdog.TimestampsWentBack();
                    }
                    OnStderrLine(route.Name, parsed, FfmpegLogLine.Parse(redacted).Text, lastError, destinations, limiter, refusals);
                },
                stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            run?.Discard();
            return RunOutcome.Stopped(null, TimeSpan.Zero);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException or InvalidOperationException or CliWrap.Exceptions.CliWrapException)
        {
            var message = SecretRedactor.RedactText(e.Message, settings.KnownSecrets);
            LogStartFailed(route.Name, settings.FfmpegPath, message);
            status.ChildExited(null, message);
            run?.Line(message);
            run?.End(null, RestartReason.StartFailed, stopRequested: false, null);
            return new RunOutcome(RestartReason.StartFailed, null, TimeSpan.Zero, StopRequested: false);
        }

        watchdog.ChildStarted();
        status.ChildStarted(child.ProcessId);
        if (waitsForPeer)
        {
            // Waiting for a caller costs nothing; holding a slot for it could hold it for ever.
            slot.Dispose();
        }
        if (logger.IsEnabled(LogLevel.Information))
        {
            var commandLine = RedactedCommandLine(spec, settings);
            LogStarted(route.Name, child.ProcessId, commandLine);
        }
        var ending = await WatchAsync(route, child, watchdog, status, settings, refusals, new RunStop(lastError, destinations, HasListenerDestination(route)), pipe, stop);
        var exitCode = await child.Exited;
        var duration = timeProvider.GetElapsedTime(startedAt);
        status.ChildExited(exitCode, lastError.Text);

        var reason = ending switch
        {
            Ending.StopRequested => "stopped",
            Ending.Stalled => RestartReason.Stalled,
            Ending.Frozen => RestartReason.Frozen,
            Ending.NoFirstMedia => RestartReason.StartTimeout,
            Ending.DestinationRefused => RestartReason.Failed,
            Ending.SourceFormat => RestartReason.SourceFormat,
            _ => RestartReason.ForExitCode(exitCode),
        };
        // A stop the worker asked for is routine; anything else deserves a warning.
        LogExited(ending == Ending.StopRequested ? LogLevel.Information : LogLevel.Warning,
            route.Name, child.ProcessId, exitCode, reason, duration.TotalSeconds, lastError.Text ?? "-");
        run?.End(exitCode, reason, ending == Ending.StopRequested, status.Snapshot.Progress?.OutTimeMicroseconds);
        return new RunOutcome(reason, exitCode, duration, ending == Ending.StopRequested) { Streamed = watchdog.StreamedFor };
    }

    private enum Ending
    {
        Exited,
        StopRequested,
        Stalled,
        NoFirstMedia,
        DestinationRefused,
        SourceFormat,
        Frozen,
    }

    private async Task<Ending> WatchAsync(
        RouteDefinition route, IChildProcess child, StallWatchdog watchdog, RouteStatus status, RouteRunSettings settings,
        RefusalWatch refusals, RunStop runStop, PipeInput? pipe, CancellationToken stop)
    {
        // A registration disposed with the run: Task.Delay(Infinite, stop) would leave one on the route's
        // stop token for every restart until the route is removed.
        var stopSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = stop.Register(() => stopSignal.TrySetResult());
        var stopRequested = stopSignal.Task;
        var formatChanged = pipe?.RestartSignal() ?? Task.Delay(Timeout.Infinite, CancellationToken.None);
        while (!child.Exited.IsCompleted)
        {
            var tick = _ticker.NextTick(settings.StallCheckInterval);
            await Task.WhenAny(child.Exited, stopRequested, tick, refusals.Signal, formatChanged, watchdog.Frozen);
            if (child.Exited.IsCompleted)
            {
                break;
            }
            if (stop.IsCancellationRequested)
            {
                await StopChildAsync(route.Name, child, runStop.Grace(settings.StopTimeout));
                return Ending.StopRequested;
            }
            if (formatChanged.IsCompleted)
            {
                LogSourceFormatChanged(route.Name, child.ProcessId);
                await StopChildAsync(route.Name, child, runStop.Grace(settings.StopTimeout));
                return Ending.SourceFormat;
            }
            if (refusals.Refused is var refused and >= 0)
            {
                runStop.Grace(TimeSpan.Zero);
                // SIGKILL, not SIGINT: the fifo retries its first recovery at once (measured 150 ms after the
                // refusal) and a graceful stop takes seconds; only the process's exit closes the held session.
                child.Kill();
                await child.Exited;
                LogHeaderRefused(route.Name, refused, refusals.Error, child.ProcessId);
                return Ending.DestinationRefused;
            }
            if (pipe is not null && !pipe.Feeding())
            {
                // No input delivers (and there is no slate): the output has nothing to show and is not stalled.
                // Restarting it would only close the destinations' connections the continuous route keeps open.
                watchdog.Excuse();
            }
            if (watchdog.Verdict is var verdict and not StallVerdict.None)
            {
                switch (verdict)
                {
                    case StallVerdict.NoFirstMedia:
                        LogNoFirstMedia(route.Name, child.ProcessId, settings.StartTimeout.TotalSeconds);
                        break;
                    case StallVerdict.Frozen:
                        LogFrozen(route.Name, child.ProcessId);
                        break;
                    default:
                        LogStalled(route.Name, child.ProcessId, settings.StallTimeout.TotalSeconds);
                        break;
                }
                status.MarkStalled();
                await StopChildAsync(route.Name, child, runStop.Grace(settings.StopTimeout));
                return verdict switch
                {
                    StallVerdict.NoFirstMedia => Ending.NoFirstMedia,
                    StallVerdict.Frozen => Ending.Frozen,
                    _ => Ending.Stalled,
                };
            }
        }
        return Ending.Exited;
    }

    /// <summary>SIGINT lets ffmpeg close its outputs; SIGKILL after the grace period guarantees the stop.</summary>
    public async Task StopChildAsync(string routeName, IChildProcess child, TimeSpan stopTimeout)
    {
        child.Interrupt();
        var graceOver = Task.Delay(stopTimeout, timeProvider);
        if (await Task.WhenAny(child.Exited, graceOver) != child.Exited)
        {
            LogKilling(routeName, child.ProcessId, stopTimeout.TotalSeconds);
            child.Kill();
        }
        await child.Exited;
    }

    private static void OnProgressLine(
        ProgressSnapshot? snapshot, StallWatchdog watchdog, RouteStatus status, StartupDecoderNoise startupNoise, DestinationTracker destinations,
        StartAdmission.Slot slot)
    {
        if (snapshot is null)
        {
            return;
        }
        var advanced = watchdog.Observe(snapshot);
        if (advanced)
        {
            // The start is over: its slot goes to the next route in line.
            slot.Dispose();
            startupNoise.MarkMediaStarted();
            destinations.MediaFlowing();
        }
        status.ProgressReceived(snapshot, advanced);
    }

    /// <summary>ffmpeg creates an HLS playlist but not the directory that holds it.</summary>
    private static void PrepareLocalOutputs(RouteDefinition route)
    {
        foreach (var directory in route.AllDestinations.Select(DestinationOutput.HlsDirectory).OfType<string>())
        {
            Directory.CreateDirectory(directory);
        }
    }

    private void OnStderrLine(string routeName, FfmpegLogLine line, string text, LastErrorLine lastError, DestinationTracker destinations, RepeatedLineLimiter limiter, RefusalWatch refusals)
    {
        refusals.Observe(line.Text, line.IsError, text);
        destinations.Observe(line.Text, line.IsError, text);
        ReportRepeatedFailures(routeName, destinations);
        if (lastError.Stopping || line.Text.Contains(FifoDropping, StringComparison.Ordinal))
        {
            // What ffmpeg writes because the worker told it to stop ("Immediate exit requested") is no error, and
            // a fifo dropping packets while its destination is away (a listener waiting for its next caller) is
            // how the live edge is kept: the destination's state says it is down.
            line = line with { Level = LogLevel.Debug };
        }
        else if (line.IsError)
        {
            lastError.Text = text;
        }
        if (!logger.IsEnabled(line.Level))
        {
            return;
        }
        var allowed = limiter.Allow(line.Text, out var suppressed);
        if (suppressed > 0)
        {
            LogFfmpegSuppressed(line.Level, routeName, suppressed, RepeatedLineLimiter.Window.TotalSeconds);
        }
        if (allowed)
        {
            LogFfmpegOutput(line.Level, routeName, text);
        }
    }

    private static bool HasListenerDestination(RouteDefinition route) =>
        route.AllDestinations.Any(d => UrlQuery.Get(UrlQuery.Of(d), "mode") == "listener");

    /// <summary>ffmpeg reads an HLS playlist a whole segment at a time, so its media clock jumps instead of running.</summary>
    private static bool SourceArrivesInBursts(RouteDefinition route) =>
        route.Source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || route.Source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>A listening source or an SRT listener destination may legitimately wait for its peer.</summary>
    private static bool WaitsForPeer(RouteDefinition route) =>
        route.Listen || route.AllDestinations.Any(d => UrlQuery.Get(UrlQuery.Of(d), "mode") == "listener");

    private static string RedactedCommandLine(ChildProcessSpec spec, RouteRunSettings settings) =>
        SecretRedactor.RedactText(string.Join(' ', spec.Arguments.Prepend(spec.FileName).Select(QuoteForDisplay)), settings.KnownSecrets);

    private static string QuoteForDisplay(string arg) => arg.Contains(' ', StringComparison.Ordinal) ? $"'{arg}'" : arg;

    private const string FifoDropping = "FIFO queue full";

    private sealed class LastErrorLine
    {
        public volatile string? Text;

        /// <summary>Set once the worker has asked the child to stop.</summary>
        public volatile bool Stopping;
    }

    /// <summary>How a run's child is stopped: the log is told first, and a known-dead destination shortens the grace.</summary>
    private sealed class RunStop(LastErrorLine log, DestinationTracker destinations, bool hasListenerDestination)
    {
        /// <summary>Enough to write the trailers of the destinations that work.</summary>
        private static readonly TimeSpan FlushGrace = TimeSpan.FromSeconds(1);

        public TimeSpan Grace(TimeSpan stopTimeout)
        {
            log.Stopping = true;
            // ffmpeg's stop waits for every output, also one behind a fifo that is retrying a dead destination
            // (measured: 6.8 s with the 5 s SIGKILL fallback) or waiting for a caller that never came (its thread
            // does not see SIGINT): nothing is left to flush there.
            // A listening destination reads as up once media flows, with or without a caller (ffmpeg does not say).
            return (hasListenerDestination || destinations.Views.Any(v => v.State != DestinationState.Up)) && stopTimeout > FlushGrace
                ? FlushGrace
                : stopTimeout;
        }
    }
}
