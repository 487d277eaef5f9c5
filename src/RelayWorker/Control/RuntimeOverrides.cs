using System.Collections.Immutable;
using RelayWorker.Media;

namespace RelayWorker.Control;

/// <summary>
/// What an operator turned off by hand: whole routes, and single destinations of a route. Each override remembers the
/// route's configured definition it was made against and is dropped as soon as that configuration changes (or the
/// route goes away): a configuration change is the operator's newer word.
/// </summary>
internal sealed class RuntimeOverrides
{
    /// <summary>The value of <c>override</c> in /api/routes for a route turned off by hand.</summary>
    public const string DisabledOverride = "disabled";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    public bool IsRouteDisabled(string name)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(name, out var entry) && entry.RouteDisabled;
        }
    }

    public ImmutableSortedSet<int> DisabledDestinations(string name)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(name, out var entry) ? entry.Destinations : [];
        }
    }

    public void SetRouteDisabled(RouteDefinition configured, bool disabled) =>
        Change(configured, entry => entry with { RouteDisabled = disabled });

    public void SetDestinationDisabled(RouteDefinition configured, int index, bool disabled) =>
        Change(configured, entry => entry with { Destinations = disabled ? entry.Destinations.Add(index) : entry.Destinations.Remove(index) });

    /// <summary>
    /// The routes to run: the configured ones, less the routes disabled by hand, with the destinations disabled by hand
    /// left out. Overrides made against another configuration of a route are dropped first.
    /// </summary>
    public Dictionary<string, RouteDefinition> Apply(IReadOnlyDictionary<string, RouteDefinition> configured)
    {
        lock (_gate)
        {
            foreach (var name in _entries.Keys.Where(name => !configured.TryGetValue(name, out var route) || !route.Equals(_entries[name].Configured)).ToList())
            {
                _entries.Remove(name);
            }
            var desired = new Dictionary<string, RouteDefinition>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, route) in configured)
            {
                if (!_entries.TryGetValue(name, out var entry))
                {
                    desired[name] = route;
                }
                else if (!entry.RouteDisabled)
                {
                    desired[name] = Without(route, entry.Destinations);
                }
            }
            return desired;
        }
    }

    /// <summary>The route writing to every destination except <paramref name="disabled"/> (indices over all destinations,
    /// main ones first); a rendition left with none is left out.</summary>
    public static RouteDefinition Without(RouteDefinition route, ImmutableSortedSet<int> disabled)
    {
        if (disabled.IsEmpty)
        {
            return route;
        }
        var offset = route.Destinations.Length;
        var renditions = ImmutableArray.CreateBuilder<Rendition>();
        foreach (var rendition in route.Renditions)
        {
            var start = offset;
            var kept = rendition.Destinations.Where((_, i) => !disabled.Contains(start + i)).ToImmutableArray();
            offset += rendition.Destinations.Length;
            if (!kept.IsEmpty)
            {
                renditions.Add(rendition with { Destinations = kept });
            }
        }
        return route with
        {
            Destinations = [.. route.Destinations.Where((_, i) => !disabled.Contains(i))],
            Renditions = renditions.ToImmutable(),
        };
    }

    private void Change(RouteDefinition configured, Func<Entry, Entry> change)
    {
        lock (_gate)
        {
            var entry = _entries.TryGetValue(configured.Name, out var current) && current.Configured.Equals(configured)
                ? current
                : new Entry(configured, RouteDisabled: false, []);
            entry = change(entry);
            if (entry.RouteDisabled || !entry.Destinations.IsEmpty)
            {
                _entries[configured.Name] = entry;
            }
            else
            {
                _entries.Remove(configured.Name);
            }
        }
    }

    private sealed record Entry(RouteDefinition Configured, bool RouteDisabled, ImmutableSortedSet<int> Destinations);
}
