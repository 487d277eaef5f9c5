using RelayWorker.Continuity;
using RelayWorker.Media;
using RelayWorker.Status;

namespace RelayWorker.Supervision;

/// <summary>Creates route supervisors with their shared collaborators from the container.</summary>
internal sealed class RouteSupervisorFactory(
    RouteRunner runner, IChildProcessLauncher launcher, TimeProvider timeProvider, ILoggerFactory loggerFactory, RestartSpread spread)
{
    public RouteSupervisor Create(RouteDefinition route, RouteStatus status, Func<RouteRunSettings> settings)
    {
        Func<RouteRunSettings, ContinuousRoute>? continuity = null;
        if (route.IsContinuous)
        {
            continuity = s => new ContinuousRoute(route, status, s, launcher, timeProvider, loggerFactory);
        }
        else
        {
            status.ContinuityCleared();
        }
        return new(route, status, settings, runner, timeProvider, loggerFactory.CreateLogger<RouteSupervisor>(), spread, continuity, SourceProbe);
    }

    /// <summary>Stateless: one for every route.</summary>
    private static readonly TcpSourceProbe SourceProbe = new();
}
