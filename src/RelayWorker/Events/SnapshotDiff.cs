using System.Collections.Immutable;
using System.Globalization;
using RelayWorker.Status;

namespace RelayWorker.Events;

/// <summary>What a reader of a route saw last: its shown state and each destination's state.</summary>
internal sealed record ShownRoute(RouteState State, ImmutableArray<DestinationState> Destinations)
{
    public static ShownRoute Of(RouteSnapshot route, DateTimeOffset now) =>
        new(route.ShownStateAt(now), [.. route.DestinationsAt(now).Select(d => d.State)]);
}

/// <summary>
/// Turns a route's change into events. Pure, so every rule is unit-tested; ids and times are given by the hub.
/// Shown states (Frozen, Slow, a destination that is not up while the route is not streaming) depend on the
/// clock, so the caller passes what it showed last and its "now", and calls again on a tick with no new snapshot.
/// </summary>
internal static class SnapshotDiff
{
    /// <summary>Events from <paramref name="before"/> (null for a new route) to <paramref name="after"/> (null for a removed one).</summary>
    public static IEnumerable<RelayEvent> Between(RouteSnapshot? before, RouteSnapshot? after, ShownRoute? shown, DateTimeOffset now)
    {
        if (after is null)
        {
            if (before is not null)
            {
                yield return new RelayEvent { Kind = RelayEventKind.RouteRemoved, Route = before.Name, From = shown?.State.ToString() };
            }
            yield break;
        }
        if (before is null)
        {
            yield return new RelayEvent { Kind = RelayEventKind.RouteAdded, Route = after.Name, To = after.ShownStateAt(now).ToString() };
        }
        foreach (var restart in Restarts(before, after))
        {
            yield return restart;
        }
        foreach (var sourceSwitch in Switches(before, after))
        {
            yield return sourceSwitch;
        }
        foreach (var change in ShownChanges(after, shown, now))
        {
            yield return change;
        }
    }

    /// <summary>State and destination events where what the route shows at <paramref name="now"/> differs from <paramref name="shown"/>.</summary>
    public static IEnumerable<RelayEvent> ShownChanges(RouteSnapshot after, ShownRoute? shown, DateTimeOffset now)
    {
        if (shown is null)
        {
            yield break;
        }
        var current = after.ShownStateAt(now);
        if (current != shown.State)
        {
            yield return new RelayEvent
            {
                Kind = RelayEventKind.State,
                Route = after.Name,
                From = shown.State.ToString(),
                To = current.ToString(),
                Reason = after.ProblemAt(now)?.Reason ?? (current == RouteState.BackingOff && after.CurrentBackoff is { } delay
                    ? string.Create(CultureInfo.InvariantCulture, $"next start in {delay.TotalSeconds:0.###} s")
                    : null),
                Error = current is RouteState.BackingOff or RouteState.Stalled ? after.LastError : null,
            };
        }
        var destinations = after.DestinationsAt(now);
        for (var i = 0; i < destinations.Length; i++)
        {
            var was = i < shown.Destinations.Length ? shown.Destinations[i] : DestinationState.Connecting;
            var view = destinations[i];
            if (was != view.State)
            {
                yield return new RelayEvent
                {
                    Kind = RelayEventKind.Destination,
                    Route = after.Name,
                    Destination = i,
                    From = was.ToString(),
                    To = view.State.ToString(),
                    Reason = view.State is DestinationState.Down or DestinationState.Failing ? view.Cause : null,
                    Error = view.State is DestinationState.Down or DestinationState.Failing ? view.LastError : null,
                };
            }
        }
    }

    /// <summary>
    /// One event per switch counted since <paramref name="before"/>: the counts of relay_route_switches_total are the
    /// record, so the stream and the metric can never disagree. The runner reports one switch per snapshot, so the
    /// input it left is the one active before.
    /// </summary>
    private static IEnumerable<RelayEvent> Switches(RouteSnapshot? before, RouteSnapshot after)
    {
        if (before is null || ReferenceEquals(before.Switches, after.Switches))
        {
            yield break;
        }
        foreach (var (key, count) in after.Switches.OrderBy(s => s.Key.To, StringComparer.Ordinal).ThenBy(s => s.Key.Reason, StringComparer.Ordinal))
        {
            for (var n = before.Switches.GetValueOrDefault(key); n < count; n++)
            {
                yield return new RelayEvent
                {
                    Kind = RelayEventKind.SourceSwitch,
                    Route = after.Name,
                    From = before.ActiveSource,
                    To = key.To,
                    Reason = key.Reason,
                };
            }
        }
    }

    private static IEnumerable<RelayEvent> Restarts(RouteSnapshot? before, RouteSnapshot after)
    {
        if (before is null)
        {
            yield break;
        }
        foreach (var (reason, count) in after.Restarts.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            // Restarts are counted one at a time, but a reader must not lose one if two ever land in one snapshot.
            for (var n = before.Restarts.GetValueOrDefault(reason); n < count; n++)
            {
                yield return new RelayEvent
                {
                    Kind = RelayEventKind.Restart,
                    Route = after.Name,
                    Reason = reason,
                    Restarts = after.TotalRestarts,
                    Error = reason == RestartReason.Reconfigured ? null : after.LastError,
                };
            }
        }
    }
}
