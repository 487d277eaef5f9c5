using RelayWorker.Media;
using RelayWorker.Redaction;

namespace RelayWorker.Status;

internal sealed partial class RouteStatus
{
    /// <summary>Records what the route is configured to do, redacted for display.</summary>
    public void Describe(RouteDefinition route) => Update(s => s with
    {
        Source = SecretRedactor.RedactUrl(route.Source),
        Destinations = [.. route.AllDestinations.Select(d => SecretRedactor.RedactUrl(d, isDestination: true))],
        Profile = route.Renditions.IsEmpty
            ? route.Profile.Name
            : string.Join(", ", route.Renditions.Select(r => $"{r.Name}={r.Profile.Name}").Prepend(route.Profile.Name)),
    });

    /// <summary>Describes a disabled route, which has no validated definition to run.</summary>
    public void Describe(Configuration.RouteOptions route) => Update(s => s with
    {
        Source = route.Source is null ? "" : SecretRedactor.RedactUrl(route.Source),
        Destinations = [.. route.Destinations.Concat(route.Renditions.Values.SelectMany(r => r.Destinations))
            .Select(d => SecretRedactor.RedactUrl(d, isDestination: true))],
        Profile = route.Profile,
    });
}
