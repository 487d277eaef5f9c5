using RelayWorker.Control;
using RelayWorker.Media;

namespace RelayWorker.Tests.Control;

public sealed class RuntimeOverridesTests
{
    private static readonly RouteDefinition Cam1 = new("cam1", "rtmp://127.0.0.1/live/a", ["udp://127.0.0.1:1", "udp://127.0.0.1:2"], ProfileCatalog.Copy, false)
    {
        Renditions = [new Rendition("low", ProfileCatalog.FindBuiltIn("144p1")!, ["udp://127.0.0.1:3"])],
    };

    private readonly RuntimeOverrides _overrides = new();

    [Fact]
    public void Apply_RouteDisabledByHand_IsNotRunUntilEnabled()
    {
        _overrides.SetRouteDisabled(Cam1, disabled: true);
        Assert.Empty(_overrides.Apply(Configured(Cam1)));

        _overrides.SetRouteDisabled(Cam1, disabled: false);
        Assert.Equal(Cam1, _overrides.Apply(Configured(Cam1))["cam1"]);
    }

    [Fact]
    public void Apply_DestinationsDisabledByHand_AreLeftOutByTheirIndexOverAllDestinations()
    {
        _overrides.SetDestinationDisabled(Cam1, 0, disabled: true);
        _overrides.SetDestinationDisabled(Cam1, 2, disabled: true);

        var run = _overrides.Apply(Configured(Cam1))["cam1"];

        Assert.Equal(["udp://127.0.0.1:2"], run.AllDestinations.ToArray());
        // A rendition without destinations is left out rather than run with none.
        Assert.Empty(run.Renditions);
        Assert.Equal([0, 2], _overrides.DisabledDestinations("cam1"));
    }

    [Fact]
    public void Apply_TheRoutesConfigurationChanged_DropsItsOverrides()
    {
        _overrides.SetRouteDisabled(Cam1, disabled: true);
        var changed = Cam1 with { Source = "rtmp://127.0.0.1/live/b" };

        var desired = _overrides.Apply(Configured(changed));

        Assert.Equal(changed, desired["cam1"]);
        Assert.False(_overrides.IsRouteDisabled("cam1"));
    }

    [Fact]
    public void Apply_TheRouteRemoved_DropsItsOverridesAndItDoesNotComeBackDisabled()
    {
        _overrides.SetDestinationDisabled(Cam1, 1, disabled: true);
        _overrides.Apply(Configured());

        Assert.Equal(Cam1, _overrides.Apply(Configured(Cam1))["cam1"]);
        Assert.Empty(_overrides.DisabledDestinations("cam1"));
    }

    private static Dictionary<string, RouteDefinition> Configured(params RouteDefinition[] routes) =>
        routes.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
}
