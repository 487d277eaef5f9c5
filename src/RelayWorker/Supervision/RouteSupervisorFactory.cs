using RelayWorker.Media;
using RelayWorker.Status;

namespace RelayWorker.Supervision;

/// <summary>Creates route supervisors with their shared collaborators from the container.</summary>
internal sealed class RouteSupervisorFactory(RouteRunner runner, TimeProvider timeProvider, ILoggerFactory loggerFactory, RestartSpread spread)
{
    public RouteSupervisor Create(RouteDefinition route, RouteStatus status, Func<RouteRunSettings> settings) =>
        new(route, status, settings, runner, timeProvider, loggerFactory.CreateLogger<RouteSupervisor>(), spread, SourceProbe);

    /// <summary>Stateless: one for every route.</summary>
    private static readonly TcpSourceProbe SourceProbe = new();
}
