using System.Collections.Immutable;

namespace RelayWorker.Status;

internal sealed partial class RouteStatus
{
    /// <summary>Marks the route continuous and lists its inputs before its first run.</summary>
    public void ContinuityConfigured(ImmutableArray<SourceView> sources) => Update(s => s with
    {
        IsContinuous = true,
        Sources = sources,
    });

    /// <summary>The route runs as a plain route (it may have been continuous before a reload).</summary>
    public void ContinuityCleared() => Update(s => s with { IsContinuous = false, ActiveSource = null, Sources = [] });

    /// <summary>The inputs' states changed (one started delivering, was lost, restarted).</summary>
    public void SourcesChanged(ImmutableArray<SourceView> sources) => Update(s => s with { Sources = sources });

    /// <summary>The splicer now sends <paramref name="to"/>, for <paramref name="reason"/> (start, loss, failback, recovered).</summary>
    public void SourceSwitched(string to, string reason) => Update(s => s with
    {
        ActiveSource = to,
        Switches = s.Switches.SetItem(new SwitchKey(to, reason), s.Switches.GetValueOrDefault(new SwitchKey(to, reason)) + 1),
    });
}
