using Microsoft.Extensions.DependencyInjection;
using RelayWorker.Status;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Console;

/// <summary>The server-rendered page for a continuous route: the input on air in the source cell, as the script renders it.</summary>
[Collection(RelayMeterGroup.Name)]
public sealed class ConsolePageContinuityTests
{
    private static readonly string[] Routes =
    [
        "Relay__Routes__cam1__Source=srt://127.0.0.1:9000",
        "Relay__Routes__cam1__Destinations__0=srt://sink:8890",
        "Relay__Routes__plain__Source=rtmp://src:1935/live/plain",
        "Relay__Routes__plain__Destinations__0=srt://sink:8891",
    ];

    [Theory(Timeout = 30_000)]
    [InlineData("backup1", "loss", "src-backup", "srt://127.0.0.1:9001")]
    [InlineData("slate", "loss", "src-slate", "builtin")]
    [InlineData("primary", "start", "src-primary", "srt://127.0.0.1:9000")]
    public async Task Page_ContinuousRoute_SourceCellNamesTheInputOnAirAndTheUrlItReads(string active, string reason, string badge, string url)
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        var status = await StatusAsync(host, "cam1");
        await StatusAsync(host, "plain");
        ContinuousRoutes.Configure(status);
        status.SourceSwitched(active, reason);

        var (_, body, _) = await host.GetAsync("/");

        var cam1 = Row(body, "cam1");
        Assert.Contains($"<span class=\"src {badge}\" data-active-source=\"{active}\" title=\"input on air\">{active}</span>", cam1, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"url\" title=\"{url}\">{url}</span>", cam1, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"src ", Row(body, "plain"), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Page_ContinuousRouteBeforeItsFirstCut_SaysNoInputYet()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        ContinuousRoutes.Configure(await StatusAsync(host, "cam1"));

        var (_, body, _) = await host.GetAsync("/");

        Assert.Contains("<span class=\"src src-none\" data-active-source=\"\" title=\"input on air\">no input yet</span>", Row(body, "cam1"), StringComparison.Ordinal);
    }

    /// <summary>The server-rendered row of one route (rows are one line each).</summary>
    private static string Row(string page, string route) =>
        page.Split('\n').Single(line => line.StartsWith($"<tr class=\"route\" data-route=\"{route}\"", StringComparison.Ordinal));

    private static async Task<RouteStatus> StatusAsync(RelayTestHost host, string route)
    {
        var registry = host.App.Services.GetRequiredService<RouteStatusRegistry>();
        await Eventually.True(() => registry.Find(route) is not null, $"route {route} in the registry");
        return registry.Find(route)!;
    }
}
