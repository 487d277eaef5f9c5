using System.Threading.Channels;
using Microsoft.Extensions.Options;
using RelayWorker.Configuration;
using RelayWorker.Media;
using RelayWorker.Redaction;
using RelayWorker.Runs;
using RelayWorker.Sharding;
using RelayWorker.Status;

namespace RelayWorker.Supervision;

/// <summary>
/// The controller: keeps one <see cref="RouteSupervisor"/> per owned, enabled route and reconciles them
/// against configuration whenever it changes. On shutdown it stops every child (SIGINT, then SIGKILL
/// after StopTimeout) before the host exits.
/// </summary>
internal sealed partial class RelaySupervisor(
    IOptionsMonitor<RelayOptions> options,
    ConfigurationGate gate,
    RouteSupervisorFactory factory,
    StartAdmission admission,
    RouteStatusRegistry registry,
    RedactionState redaction,
    RunHistoryRegistry runs,
    Control.RuntimeOverrides overrides,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<RelaySupervisor> logger,
    Health.EndpointWarmup? warmup = null) : BackgroundService
{
    private readonly Dictionary<string, RouteSupervisor> _running = new(StringComparer.OrdinalIgnoreCase);
    private readonly Channel<RelayOptions> _changes = Channel.CreateUnbounded<RelayOptions>(new() { SingleReader = true });
    private volatile RouteRunSettings? _settings;
    private readonly ProfileAliasWarnings _profileAliasWarnings = new();

    /// <summary>Set once the first configuration has been applied; liveness and readiness read it.</summary>
    public bool Started { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = options.OnChange(changed => _changes.Writer.TryWrite(changed));
        try
        {
            // No ffmpeg before the host has started: the endpoints answer from the first child on, and a host
            // that cannot start (its port in use) leaves no child behind.
            await WhenHostStartedAsync(stoppingToken);
            await ApplyExclusiveAsync(options.CurrentValue);
            Started = true;
            // Warmed after the first apply, which only hands the routes to their supervisors: their ffmpegs load
            // (niced) while these first requests compile their paths. Warming first held every first spawn back by
            // the warm-up's 15-20 ms (BENCHMARKS.md, "Fast start").
            if (warmup is not null)
            {
                await warmup.WarmAsync(stoppingToken);
            }
            await foreach (var changed in _changes.Reader.ReadAllAsync(stoppingToken))
            {
                await ApplyExclusiveAsync(changed);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
        finally
        {
            await StopAllExclusiveAsync();
        }
    }

    private async Task WhenHostStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }

    private async Task ApplyAsync(RelayOptions configured)
    {
        var verdict = gate.Judge(configured);
        registry.ConfigurationJudged(verdict);
        if (verdict.EnabledRoutes is not { } enabledRoutes)
        {
            // The message names keys and reasons only; it never echoes a URL.
            LogChangeRefused(verdict.Problems.ToMessage());
            return;
        }
        var candidate = verdict.Options;
        _profileAliasWarnings.Report(candidate, logger);
        redaction.KnownSecrets = KnownSecrets.From(candidate);
        _settings = new RouteRunSettings(candidate.FfmpegPath, candidate.StopTimeout, candidate.StallTimeout, candidate.Restart, redaction.KnownSecrets)
        {
            StartTimeout = candidate.StartTimeout,
            ChildNiceness = candidate.ChildNiceness,
            Failover = new FailoverTiming(candidate.Failover.LossAfter, candidate.Failover.FailbackAfter),
        };
        admission.Capacity = candidate.MaxStartingRoutes;

        var owned = candidate.Routes.Keys
            .Where(name => RendezvousSharding.Owns(name, candidate.Shard.Index, candidate.Shard.Count))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var desired = enabledRoutes
            .Where(r => owned.Contains(r.Key))
            .ToDictionary(r => r.Key, r => r.Value, StringComparer.OrdinalIgnoreCase);
        desired = WithOverrides(desired);
        registry.ConfiguredCount = candidate.Routes.Count;
        registry.OwnedCount = owned.Count;

        var plan = ReconcilePlan.Compute(_running.ToDictionary(r => r.Key, r => r.Value.Route, StringComparer.OrdinalIgnoreCase), desired);
        foreach (var restarting in plan.Restart)
        {
            runs.For(restarting.Name).ExpectStop(RunCause.Reconfigured);
        }
        await Task.WhenAll(plan.Stop.Select(name => StopRouteAsync(name, keepStatus: false))
            .Concat(plan.Restart.Select(r => StopRouteAsync(r.Name, keepStatus: true))));
        foreach (var route in plan.Restart)
        {
            StartRoute(route).Status.CountRestart(RestartReason.Reconfigured);
        }
        foreach (var route in plan.Start)
        {
            StartRoute(route);
        }
        MarkDisabled(candidate, owned);
        if (!plan.IsEmpty)
        {
            LogReconciled(plan.Start.Count, plan.Stop.Count, plan.Restart.Count, _running.Count);
        }
    }

    private RouteSupervisor StartRoute(RouteDefinition route)
    {
        var status = registry.GetOrAdd(route.Name, name => new RouteStatus(name, timeProvider));
        status.Describe(route);
        var supervisor = factory.Create(route, status, () => _settings!);
        _running[route.Name] = supervisor;
        supervisor.Start();
        return supervisor;
    }

    private async Task StopRouteAsync(string name, bool keepStatus)
    {
        if (_running.Remove(name, out var supervisor))
        {
            await supervisor.DisposeAsync();
            if (!keepStatus)
            {
                registry.Remove(name);
            }
        }
    }

    private void MarkDisabled(RelayOptions options, HashSet<string> owned)
    {
        foreach (var (name, route) in options.Routes.Where(r => !r.Value.Enabled && owned.Contains(r.Key)))
        {
            var status = registry.GetOrAdd(name, n => new RouteStatus(n, timeProvider));
            status.Describe(route);
            status.Disabled();
        }
        foreach (var status in registry.All.Where(s => !options.Routes.ContainsKey(s.Name) || !owned.Contains(s.Name)))
        {
            if (!_running.ContainsKey(status.Name))
            {
                registry.Remove(status.Name);
            }
        }
    }

    private async Task StopAllAsync()
    {
        var count = _running.Count;
        await Task.WhenAll(_running.Keys.ToList().Select(name => StopRouteAsync(name, keepStatus: true)));
        if (count > 0)
        {
            LogStoppedAll(count);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Configuration change refused; the routes keep running as before. {Problems}")]
    private partial void LogChangeRefused(string problems);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Reconciled routes: {Started} started, {Stopped} stopped, {Restarted} restarted; {Running} running")]
    private partial void LogReconciled(int started, int stopped, int restarted, int running);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Stopped all {Count} route(s)")]
    private partial void LogStoppedAll(int count);
}
