using RelayWorker.IntegrationTests.Continuity;
using Microsoft.Playwright;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Console;

/// <summary>
/// A continuous route on the status page in a real browser, over real HTTP: its sources published to nginx-rtmp
/// vanish one after the other, and the page follows the route from its primary to its backup and to its slate.
/// </summary>
[Collection(TestLanes.Main)]
public sealed class StatusPageContinuityTests(ITestOutputHelper output)
{
    private const string Route = "cam1";

    [Fact(Timeout = 120_000)]
    public async Task Page_ContinuousRouteSwitches_BadgeEventAndInputsFollowWithoutReload()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var primary = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("main"));
        await using var backup = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("backup"));
        await using var sink = UdpSink.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, nginx.RtmpUrl("main"), sink.Url)
            .Set($"Relay__Routes__{Route}__Backups__0", nginx.RtmpUrl("backup"))
            // A backup nobody answers, whose passphrase must never reach the page.
            .Set($"Relay__Routes__{Route}__Backups__1", "srt://127.0.0.1:9?passphrase=page-backup-passphrase")
            .Set($"Relay__Routes__{Route}__Slate", "builtin")
            .Set("Relay__Failover__FailbackAfter", "00:00:03")
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitForPrimaryOnAirAsync(Route, TimeSpan.FromSeconds(30));

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(worker.BaseAddress, "/").ToString());
        var badge = page.Locator($"tr.route[data-route='{Route}'] td.c-source .src");
        await Assertions.Expect(badge).ToHaveTextAsync("primary");
        await page.Locator("#live[data-live='live']").WaitForAsync(new() { Timeout = 10_000 });
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await page.Locator($"tr.route[data-route='{Route}'] td.c-route").ClickAsync();
        var details = page.Locator($"tr.details[data-for='{Route}']");
        await Assertions.Expect(details.Locator("tr.input")).ToHaveCountAsync(4);
        await Assertions.Expect(details.Locator("tr.input.on-air")).ToHaveAttributeAsync("data-input", "primary");

        // The primary's publisher vanishes: the route cuts to the backup.
        await primary.KillAsync();

        await Assertions.Expect(badge).ToHaveTextAsync("backup1", new() { Timeout = 10_000 });
        await Assertions.Expect(badge).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("src-backup"));
        // On a backup the route is fine: "problems only" hides it.
        await page.Locator("#problems-only").CheckAsync();
        await Assertions.Expect(page.Locator($"tr.route[data-route='{Route}']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bhide\b"));
        await page.Locator("#problems-only").UncheckAsync();
        await Assertions.Expect(page.Locator($"tr.route[data-route='{Route}'] td.c-source .url")).ToHaveTextAsync(nginx.RtmpUrl("backup"));
        await Assertions.Expect(details.Locator("tr.input.on-air")).ToHaveAttributeAsync("data-input", "backup1", new() { Timeout = 10_000 });
        await Assertions.Expect(details.Locator("tr.input[data-input='primary'] td").Nth(2)).Not.ToHaveTextAsync("Delivering", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#event-list")).ToContainTextAsync($"{Route}: source primary → backup1 (loss)", new() { Timeout = 10_000 });
        output.WriteLine($"screenshot: {await HeadlessChromium.ScreenshotAsync(page, "status-page-continuous-backup")}");

        // The backup's publisher vanishes too, and the other backup never answered: the slate is on air.
        await backup.KillAsync();

        await Assertions.Expect(badge).ToHaveTextAsync("slate", new() { Timeout = 10_000 });
        await Assertions.Expect(badge).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("src-slate"));
        // On its slate it is not ready, so it is a problem the filter keeps.
        await page.Locator("#problems-only").CheckAsync();
        await Assertions.Expect(page.Locator($"tr.route[data-route='{Route}']")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bhide\b"));
        await Assertions.Expect(page.Locator("#event-list")).ToContainTextAsync($"{Route}: source backup1 → slate (loss)", new() { Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        var html = await page.ContentAsync();
        Assert.DoesNotContain("page-backup-passphrase", html, StringComparison.Ordinal);
        output.WriteLine($"screenshot: {await HeadlessChromium.ScreenshotAsync(page, "status-page-continuous-slate")}");
    }
}
