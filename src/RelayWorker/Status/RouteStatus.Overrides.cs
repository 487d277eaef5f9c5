using System.Collections.Immutable;

namespace RelayWorker.Status;

internal sealed partial class RouteStatus
{
    /// <summary>Shows the runtime overrides in force for this route (none: null and empty).</summary>
    public void Overridden(string? routeOverride, ImmutableSortedSet<int> disabledDestinations) =>
        Update(s => s with { Override = routeOverride, DisabledDestinations = disabledDestinations });
}
