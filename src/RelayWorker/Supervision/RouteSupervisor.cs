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
    Func<RouteRunSettings, ContinuousRoute>? continuity = null) : IAsyncDisposable
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
                    var delay = backoff.NextDelay(args.Outcome.Result?.Streamed ?? TimeSpan.Zero);
                    return ValueTask.FromResult<TimeSpan?>(spread?.Apply(delay) ?? delay);
                },
                OnRetry = args =>
                {
                    var reason = args.Outcome.Result?.Reason ?? RestartReason.Failed;
                    if (args.Outcome.Exception is { } e)
                    {
                        LogUnexpected(e, Route.Name);
                    }
                    Status.BackingOff(reason, args.RetryDelay);
                    LogRestarting(Route.Name, reason, args.RetryDelay.TotalMilliseconds, backoff.ConsecutiveShortRuns);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        try
        {
            await pipeline.ExecuteAsync(
                async token => await runner.RunAsync(continuous?.OutputRoute ?? Route, Status, settings(), token, continuous?.Output),
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

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Route {Route}: restarting ({Reason}) in {DelayMs:0} ms; restart {Attempt} since it last streamed for StableAfter")]
    private partial void LogRestarting(string route, string reason, double delayMs, int attempt);
}
