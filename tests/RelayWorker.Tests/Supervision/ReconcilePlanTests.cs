using RelayWorker.Configuration;
using RelayWorker.Media;
using RelayWorker.Supervision;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Supervision;

public sealed class ReconcilePlanTests
{
    private static readonly Dictionary<string, ProfileOptions> NoCustomProfiles = [];

    [Fact]
    public void Compute_SameRoutes_IsEmpty()
    {
        var plan = ReconcilePlan.Compute(Routes(Cam("cam1"), Cam("cam2")), Routes(Cam("cam1"), Cam("cam2")));

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Compute_NewRoute_StartsOnlyIt()
    {
        var plan = ReconcilePlan.Compute(Routes(Cam("cam1")), Routes(Cam("cam1"), Cam("cam2")));

        Assert.Equal(["cam2"], plan.Start.Select(r => r.Name));
        Assert.Empty(plan.Stop);
        Assert.Empty(plan.Restart);
    }

    [Fact]
    public void Compute_RemovedRoute_StopsOnlyIt()
    {
        var plan = ReconcilePlan.Compute(Routes(Cam("cam1"), Cam("cam2")), Routes(Cam("cam1")));

        Assert.Equal(["cam2"], plan.Stop);
        Assert.Empty(plan.Start);
        Assert.Empty(plan.Restart);
    }

    public static TheoryData<string> Changes =>
        ["source", "destination", "destination order", "extra destination", "profile", "listen", "rendition added", "rendition profile"];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Compute_ChangedRoute_RestartsOnlyIt(string change)
    {
        var changed = change switch
        {
            "source" => Cam("cam2", source: "rtmp://src:1935/live/other"),
            "destination" => Cam("cam2", destinations: ["srt://sink:8890", "srt://sink:9999"]),
            "destination order" => Cam("cam2", destinations: ["srt://sink:8891", "srt://sink:8890"]),
            "extra destination" => Cam("cam2", destinations: ["srt://sink:8890", "srt://sink:8891", "udp://239.0.0.1:1234"]),
            "profile" => Cam("cam2", profile: "576p25"),
            "listen" => Cam("cam2", source: "rtmp://src:1935/live/cam2", listen: true),
            "rendition added" => Cam("cam2") with { Renditions = [new Rendition("low", Profile("144p4"), ["srt://sink:9000"])] },
            "rendition profile" => Cam("cam2", rendition: "288p6"),
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        var before = change == "rendition profile" ? Cam("cam2", rendition: "144p4") : Cam("cam2");
        var plan = ReconcilePlan.Compute(Routes(Cam("cam1"), before, Cam("cam3")), Routes(Cam("cam1"), changed, Cam("cam3")));

        Assert.Same(changed, Assert.Single(plan.Restart));
        Assert.Empty(plan.Start);
        Assert.Empty(plan.Stop);
    }

    [Fact]
    public void Compute_SameRenditionsInNewInstances_IsEmpty()
    {
        var plan = ReconcilePlan.Compute(Routes(Cam("cam1", rendition: "144p4")), Routes(Cam("cam1", rendition: "144p4")));

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Compute_AddRemoveAndChangeTogether_LeavesTheUnchangedRouteAlone()
    {
        var plan = ReconcilePlan.Compute(
            Routes(Cam("keep"), Cam("gone"), Cam("edit")),
            Routes(Cam("keep"), Cam("edit", profile: "720p25"), Cam("new")));

        Assert.Equal(["new"], plan.Start.Select(r => r.Name));
        Assert.Equal(["gone"], plan.Stop);
        Assert.Equal(["edit"], plan.Restart.Select(r => r.Name));
        Assert.DoesNotContain("keep", plan.Start.Select(r => r.Name).Concat(plan.Stop).Concat(plan.Restart.Select(r => r.Name)));
    }

    [Fact]
    public void Compute_NameInAnotherCase_IsTheSameRouteNeitherStartedNorStopped()
    {
        var plan = ReconcilePlan.Compute(Routes(Cam("cam1")), Routes(Cam("CAM1")));

        Assert.Empty(plan.Start);
        Assert.Empty(plan.Stop);
    }

    [Fact]
    public void Compute_SeveralRoutes_ListsThemInNameOrder()
    {
        var plan = ReconcilePlan.Compute(Routes(Cam("z-old"), Cam("a-old")), Routes(Cam("zeta"), Cam("alpha"), Cam("mid")));

        Assert.Equal(["alpha", "mid", "zeta"], plan.Start.Select(r => r.Name));
        Assert.Equal(["a-old", "z-old"], plan.Stop);
    }

    // Built the way RelaySupervisor builds both sides: route names compared ignoring case.
    private static Dictionary<string, RouteDefinition> Routes(params RouteDefinition[] routes) =>
        routes.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);

    // A fresh instance every call, so equality is by value, never by reference.
    private static RouteDefinition Cam(string name, string? source = null, string[]? destinations = null, string profile = "copy",
        bool listen = false, string? rendition = null) =>
        TestRoutes.Create(
            source ?? $"rtmp://src:1935/live/{name.ToLowerInvariant()}",
            destinations ?? ["srt://sink:8890", "srt://sink:8891"],
            Profile(profile),
            listen,
            name) with
        {
            Renditions = rendition is null ? [] : [new Rendition("low", Profile(rendition), ["srt://sink:9000"])],
        };

    private static VideoProfile Profile(string name) => ConfiguredRoutes.ResolveProfile(name, NoCustomProfiles);
}
