using RelayWorker.Media;
using RelayWorker.Redaction;

namespace RelayWorker.Status;

internal sealed partial class RouteStatus
{
    /// <summary>Records what the route is configured to do, redacted for display.</summary>
    public void Describe(RouteDefinition route)
    {
        // The outputs the argument builders use: what is shown is what the command line does.
        var outputs = RouteOutput.Of(route);
        Update(s => s with
        {
            Source = SecretRedactor.RedactUrl(route.Source),
            Destinations = [.. route.AllDestinations.Select(d => SecretRedactor.RedactUrl(d, isDestination: true))],
            Profile = outputs.Length == 1 ? outputs[0].Profile.Name : string.Join(", ", outputs.Select(o => $"{o.Name}={o.Profile.Name}")),
            Outputs = outputs,
        });
    }

    /// <summary>Describes a disabled route, which has no validated definition to run.</summary>
    public void Describe(Configuration.RouteOptions route) => Update(s => s with
    {
        Source = route.Source is null ? "" : SecretRedactor.RedactUrl(route.Source),
        Destinations = [.. route.Destinations.Concat(route.Renditions.Values.SelectMany(r => r.Destinations))
            .Select(d => SecretRedactor.RedactUrl(d, isDestination: true))],
        Profile = route.Profile,
        Outputs = [],
    });
}
