using Polly;
using Polly.Retry;
using RelayWorker.Configuration;
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
    ILogger<RouteSupervisor> logger) : IAsyncDisposable
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
        var pipeline = new ResiliencePipelineBuilder<RunOutcome> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<RunOutcome>
            {
                // Retry forever: a relay is only useful while it keeps trying. Only a stop ends the loop.
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { StopRequested: false }),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(backoff.NextDelay(args.Outcome.Result!.Duration)),
                OnRetry = args =>
                {
                    Status.BackingOff(args.Outcome.Result!.Reason, args.RetryDelay);
                    LogRestarting(Route.Name, args.Outcome.Result.Reason, args.RetryDelay.TotalMilliseconds, backoff.ConsecutiveShortRuns);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        try
        {
            await pipeline.ExecuteAsync(
                async token => await runner.RunAsync(Route, Status, settings(), token),
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

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Route {Route}: restarting ({Reason}) in {DelayMs:0} ms, {ShortRuns} short run(s) in a row")]
    private partial void LogRestarting(string route, string reason, double delayMs, int shortRuns);
}
