using System.Collections.Immutable;

namespace RelayWorker.Status;

internal sealed partial record RouteSnapshot
{
    /// <summary>A runtime override in force: <c>disabled</c> for a route turned off by hand, else null.</summary>
    public string? Override { get; init; }

    /// <summary>Indices (over every destination, as configured) turned off by hand; the run writes to the others only.</summary>
    public ImmutableSortedSet<int> DisabledDestinations { get; init; } = [];

    /// <summary>
    /// The run's views cover the destinations it writes to; the ones disabled by hand are put back at their configured
    /// index, so the status API and the destination metric keep each destination's own index.
    /// </summary>
    private ImmutableArray<DestinationView> WithDisabled(ImmutableArray<DestinationView> running)
    {
        if (DisabledDestinations.IsEmpty)
        {
            return running;
        }
        var views = ImmutableArray.CreateBuilder<DestinationView>(Destinations.Length);
        var next = 0;
        for (var i = 0; i < Destinations.Length; i++)
        {
            views.Add(DisabledDestinations.Contains(i)
                ? new DestinationView(DestinationState.Disabled, null)
                : next < running.Length ? running[next++] : DestinationView.Connecting);
        }
        return views.MoveToImmutable();
    }
}
