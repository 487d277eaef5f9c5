using Polly;
using Polly.Retry;
using RelayWorker.Continuity;
using RelayWorker.Media;
using RelayWorker.Status;

namespace RelayWorker.Supervision;

/// <summary>
/// Keeps one route's ffmpeg running for as long as the route is configured: a Polly retry that never
/// gives up, with the delays of <see cref="RestartBackoff"/>.
/// </summary>
internal sealed partial class RouteSupervisor(
    RouteDefinition route,
    RouteStatus status,
    Func<RouteRunSettings> settings,
    RouteRunner runner,
    TimeProvider timeProvider,
    ILogger<RouteSupervisor> logger,
    RestartSpread? spread = null,
    Func<RouteRunSettings, ContinuousRoute>? continuity = null,
    ISourceProbe? sourceProbe = null) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public RouteDefinition Route { get; } = route;

    public RouteStatus Status { get; } = status;

    public void Start() => _loop = Task.Run(() => SuperviseAsync(_stop.Token));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    private async Task SuperviseAsync(CancellationToken stop)
    {
        var backoff = new RestartBackoff(settings().Restart, Random.Shared.NextDouble);
        // A continuous route's inputs and splicer live as long as the route; the retries below restart only its
        // output stage. Disposed after the output has stopped, so the output's last frames are still fed.
        await using var continuous = continuity?.Invoke(settings());
        continuous?.Start();
        // A continuous route's output reads the worker's pipe: its sources are its inputs' business.
        var sourceReturn = continuous is null && sourceProbe is not null && TcpSourceProbe.ServerOf(Route) is { } server
            ? new SourceReturnWait(sourceProbe, server, timeProvider)
            : null;
        // Set when a restart waits for the source's server rather than for Polly's delay; taken by the next attempt.
        PendingWait? pending = null;
        var pipeline = new ResiliencePipelineBuilder<RunOutcome> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<RunOutcome>
            {
                // Retry forever: a relay is only useful while it keeps trying. Only a stop ends the loop.
                MaxRetryAttempts = int.MaxValue,
                // An unexpected exception is retried like a failed run: a bug must not silently end a route.
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result is { StopRequested: false }
                    || args.Outcome.Exception is not null and not OperationCanceledException),
                DelayGenerator = args =>
                {
                    var streamed = args.Outcome.Result?.Streamed ?? TimeSpan.Zero;
                    var delay = backoff.NextDelay(streamed);
                    var spreadDelay = spread?.Apply(delay) ?? delay;
                    if (sourceReturn is null || spreadDelay == TimeSpan.Zero)
                    {
                        return ValueTask.FromResult<TimeSpan?>(spreadDelay);
                    }
                    if (streamed > TimeSpan.Zero)
                    {
                        sourceReturn.RunStreamed();
                    }
                    pending = new PendingWait(SourceReturnWait.Planned(spreadDelay), args.Outcome.Result?.Duration ?? TimeSpan.Zero, streamed > TimeSpan.Zero, spreadDelay - delay);
                    // Polly waits nothing; the next attempt waits for the delay or the source's server, whichever is first.
                    return ValueTask.FromResult<TimeSpan?>(TimeSpan.Zero);
                },
                OnRetry = args =>
                {
                    var reason = args.Outcome.Result?.Reason ?? RestartReason.Failed;
                    if (args.Outcome.Exception is { } e)
                    {
                        LogUnexpected(e, Route.Name);
                    }
                    var delay = pending?.Planned ?? args.RetryDelay;
                    Status.BackingOff(reason, delay);
                    LogRestarting(Route.Name, reason, delay.TotalMilliseconds, backoff.ConsecutiveShortRuns);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        try
        {
            await pipeline.ExecuteAsync(
                async token =>
                {
                    if (pending is { } wait && sourceReturn is not null)
                    {
                        pending = null;
                        if (await sourceReturn.WaitAsync(wait.Planned, wait.LastRunLived, wait.LastRunHadMedia, wait.NotBefore, token) == SourceReturnWait.Ending.ServerAccepts)
                        {
                            LogSourceAccepts(Route.Name);
                        }
                    }
                    return await runner.RunAsync(continuous?.OutputRoute ?? Route, Status, settings(), token, continuous?.Output);
                },
                stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while backing off.
        }
        Status.Stopped();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Route {Route}: unexpected error in supervision; retrying")]
    private partial void LogUnexpected(Exception exception, string route);

    /// <summary>A restart that waits for the delay or the source's server, whichever comes first.</summary>
    private sealed record PendingWait(TimeSpan Planned, TimeSpan LastRunLived, bool LastRunHadMedia, TimeSpan NotBefore);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Route {Route}: the source's server accepts connections again; starting ffmpeg now")]
    private partial void LogSourceAccepts(string route);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Route {Route}: restarting ({Reason}) in {DelayMs:0} ms; restart {Attempt} since it last streamed for StableAfter")]
    private partial void LogRestarting(string route, string reason, double delayMs, int attempt);
}
