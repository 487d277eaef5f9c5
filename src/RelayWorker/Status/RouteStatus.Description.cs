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
            FreshFor = ArrivesInBursts(route) ? BurstyFreshFor : RouteSnapshot.MediaFreshFor,
        });
    }

    /// <summary>Three segments of a typical live HLS playlist.</summary>
    private static readonly TimeSpan BurstyFreshFor = TimeSpan.FromSeconds(20);

    /// <summary>ffmpeg reads an HLS playlist a whole segment at a time, so its media clock jumps instead of running.</summary>
    private static bool ArrivesInBursts(RouteDefinition route) =>
        route.Source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || route.Source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

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
