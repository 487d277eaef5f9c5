using System.Collections.Immutable;
using RelayWorker.Configuration;
using RelayWorker.Control;
using RelayWorker.Media;
using RelayWorker.Runs;
using RelayWorker.Status;

namespace RelayWorker.Supervision;

/// <summary>
/// Control by hand (the control API): restart a route, turn a route or one destination off and on. Every change to
/// the running routes, by configuration or by hand, happens under one lock, so a request never races a reload.
/// </summary>
internal sealed partial class RelaySupervisor
{
    private readonly SemaphoreSlim _exclusive = new(1, 1);

    // The last configuration accepted, which a change by hand applies again with its overrides.
    private RelayOptions? _accepted;

    // The routes that configuration gives this replica, before overrides: what an override is made against.
    private IReadOnlyDictionary<string, RouteDefinition> _configured = ImmutableDictionary<string, RouteDefinition>.Empty;

    public Task<ControlResult> RestartAsync(string name) => ExclusiveAsync(async () =>
    {
        if (!_running.TryGetValue(name, out var supervisor))
        {
            return NotRunning(name);
        }
        var route = supervisor.Route;
        runs.For(route.Name).ExpectStop(RunCause.Manual);
        await StopRouteAsync(route.Name, keepStatus: true);
        StartRoute(route).Status.CountRestart(RestartReason.Manual);
        ShowOverrides();
        LogControl(route.Name, "restarted");
        return ControlResult.Done;
    });

    public Task<ControlResult> SetRouteDisabledAsync(string name, bool disabled) => ExclusiveAsync(async () =>
    {
        if (!_configured.TryGetValue(name, out var route))
        {
            return NotRunning(name);
        }
        if (disabled && _running.ContainsKey(route.Name))
        {
            runs.For(route.Name).ExpectStop(RunCause.Manual);
        }
        overrides.SetRouteDisabled(route, disabled);
        await ReapplyAsync();
        LogControl(route.Name, disabled ? "disabled" : "enabled");
        return ControlResult.Done;
    });

    public Task<ControlResult> SetDestinationDisabledAsync(string name, int index, bool disabled) => ExclusiveAsync(async () =>
    {
        if (!_configured.TryGetValue(name, out var route))
        {
            return NotRunning(name);
        }
        if (index < 0 || index >= route.AllDestinations.Length)
        {
            return new ControlResult(ControlOutcome.UnknownDestination, $"route '{route.Name}' has no destination {index}; it has {route.AllDestinations.Length}");
        }
        var current = overrides.DisabledDestinations(route.Name);
        var next = disabled ? current.Add(index) : current.Remove(index);
        if (next.SetEquals(current))
        {
            return ControlResult.Done;
        }
        if (next.Count == route.AllDestinations.Length)
        {
            return new ControlResult(ControlOutcome.Conflict, $"destination {index} is the last one route '{route.Name}' writes to; disable the route instead");
        }
        // The route reruns without (or with) the destination: stopped here, so the reapply starts it and the restart
        // counts as manual, not as a reconfiguration.
        var wasRunning = _running.ContainsKey(route.Name);
        if (wasRunning)
        {
            runs.For(route.Name).ExpectStop(RunCause.Manual);
            await StopRouteAsync(route.Name, keepStatus: true);
        }
        overrides.SetDestinationDisabled(route, index, disabled);
        await ReapplyAsync();
        if (wasRunning)
        {
            registry.Find(route.Name)?.CountRestart(RestartReason.Manual);
        }
        LogDestinationControl(route.Name, index, disabled ? "disabled" : "enabled");
        return ControlResult.Done;
    });

    /// <summary>A configuration (from the options monitor) applied under the lock, with the overrides shown after.</summary>
    private async Task ApplyExclusiveAsync(RelayOptions configured)
    {
        await _exclusive.WaitAsync();
        try
        {
            if (gate.Judge(configured).Accepted)
            {
                _accepted = configured;
            }
            await ApplyAsync(configured);
            ShowOverrides();
        }
        finally
        {
            _exclusive.Release();
        }
    }

    private async Task StopAllExclusiveAsync()
    {
        await _exclusive.WaitAsync();
        try
        {
            await StopAllAsync();
        }
        finally
        {
            _exclusive.Release();
        }
    }

    /// <summary>Called by ApplyAsync with the routes the configuration gives this replica; returns those to run.</summary>
    private Dictionary<string, RouteDefinition> WithOverrides(Dictionary<string, RouteDefinition> configured)
    {
        _configured = configured;
        return overrides.Apply(configured);
    }

    private async Task ReapplyAsync()
    {
        await ApplyAsync(_accepted!);
        ShowOverrides();
    }

    /// <summary>The status of each configured route says which overrides are in force.</summary>
    private void ShowOverrides()
    {
        foreach (var (name, route) in _configured)
        {
            if (overrides.IsRouteDisabled(name))
            {
                var status = registry.GetOrAdd(name, n => new RouteStatus(n, timeProvider));
                status.Describe(route);
                status.Disabled();
                status.Overridden(RuntimeOverrides.DisabledOverride, []);
            }
            else if (registry.Find(name) is { } status)
            {
                var disabled = overrides.DisabledDestinations(name);
                if (!disabled.IsEmpty)
                {
                    // Every configured destination is listed, so a disabled one keeps its index.
                    status.Describe(route);
                }
                status.Overridden(null, disabled);
            }
        }
    }

    private ControlResult NotRunning(string name) => registry.Find(name) is null
        ? new ControlResult(ControlOutcome.UnknownRoute, $"no route named '{name}' on this replica")
        : new ControlResult(ControlOutcome.Conflict, $"route '{name}' is disabled in its configuration (Enabled=false)");

    private async Task<ControlResult> ExclusiveAsync(Func<Task<ControlResult>> change)
    {
        if (!Started || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return new ControlResult(ControlOutcome.Unavailable, "the worker is starting or stopping");
        }
        await _exclusive.WaitAsync();
        try
        {
            return lifetime.ApplicationStopping.IsCancellationRequested
                ? new ControlResult(ControlOutcome.Unavailable, "the worker is stopping")
                : await change();
        }
        finally
        {
            _exclusive.Release();
        }
    }

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Route {Route}: {Change} by hand (control API)")]
    private partial void LogControl(string route, string change);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Route {Route}: destination {Destination} {Change} by hand (control API)")]
    private partial void LogDestinationControl(string route, int destination, string change);
}
