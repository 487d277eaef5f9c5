using System.Net;
using Microsoft.Playwright;
using RelayWorker.IntegrationTests.Faults;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Console;

/// <summary>The status page in a real browser against the real worker and its real ffmpeg children.</summary>
[Collection(TestLanes.Main)]
public sealed class StatusPageBrowserTests(ITestOutputHelper output)
{
    private const string Route = "cam1";
    private const string Other = "cam2";
    private const string Passphrase = "page-canary-passphrase";

    private static readonly TimeSpan Start = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 120_000)]
    public async Task Page_ChildKilled_RowShowsTheRestartWithoutReload()
    {
        await using var sink = UdpSink.Start();
        await using var otherSink = UdpSink.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, FaultWorker.TestPattern(Route), sink.Url)
            .Route(Other, FaultWorker.TestPattern(Other), otherSink.Url)
            .SmallProfile(Route, Other)
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, Start);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();

        await page.GotoAsync(new Uri(worker.BaseAddress, "/").ToString());
        await page.Locator("#live[data-live='live']").WaitForAsync(new() { Timeout = 10_000 });
        var row = page.Locator($"tr.route[data-route='{Route}']");
        await page.Locator($"tr.route[data-route='{Route}'][data-state='Running']").WaitForAsync(new() { Timeout = 10_000 });
        Assert.Equal("0", await row.GetAttributeAsync("data-restarts"));
        // A mark in this document: a reload would lose it.
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        // Streaming: the uptime cell counts up in place.
        var uptime = row.Locator("td").Nth(4);
        var firstUptime = await uptime.InnerTextAsync();
        await Assertions.Expect(uptime).Not.ToHaveTextAsync(firstUptime, new() { Timeout = 5_000 });
        output.WriteLine($"screenshot: {await HeadlessChromium.ScreenshotAsync(page, "status-page-streaming")}");

        var victim = (await worker.RouteAsync(Route)).Pid() ?? throw new InvalidOperationException("the route has no child");
        Assert.Contains(victim, worker.FfmpegChildren());
        Assert.True(UnixSignal.Send(victim, UnixSignal.Kill), $"pid {victim} was already gone");

        await page.Locator($"tr.route[data-route='{Route}'][data-restarts='1']").WaitForAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(row.Locator(".c-restarts")).ToContainTextAsync("killed 1");
        await Assertions.Expect(page.Locator("#event-list")).ToContainTextAsync($"{Route}: restart (killed)", new() { Timeout = 5_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        await page.Locator($"tr.route[data-route='{Route}'][data-state='Running']").WaitForAsync(new() { Timeout = 15_000 });
        // The other route streamed on, untouched.
        Assert.Equal("0", await page.Locator($"tr.route[data-route='{Other}']").GetAttributeAsync("data-restarts"));
        output.WriteLine($"screenshot: {await HeadlessChromium.ScreenshotAsync(page, "status-page-after-kill")}");
    }

    [Fact(Timeout = 120_000)]
    public async Task Page_WithoutJavaScript_ShowsEveryRouteInAPlainTableWithSecretsRedacted()
    {
        await using var sink = UdpSink.Start();
        // Nothing listens there: the route runs and that destination shows as not up; its passphrase must not show.
        var deadSrt = $"srt://127.0.0.1:{FreePort.Udp()}?passphrase={Passphrase}";
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, FaultWorker.TestPattern(Route), sink.Url, deadSrt)
            .Route(Other, FaultWorker.TestPattern(Other), sink.Url)
            .Set($"Relay__Routes__{Other}__Enabled", "false")
            .SmallProfile(Route)
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, Start);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync(javaScript: false);

        var response = await page.GotoAsync(new Uri(worker.BaseAddress, "/").ToString());

        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        var rows = page.Locator("tr.route");
        Assert.Equal(2, await rows.CountAsync());
        Assert.Equal("Running", await page.Locator($"tr.route[data-route='{Route}'] .badge").InnerTextAsync());
        Assert.Equal("Disabled", await page.Locator($"tr.route[data-route='{Other}'] .badge").InnerTextAsync());
        Assert.Equal(2, await page.Locator($"tr.route[data-route='{Route}'] li.dest").CountAsync());
        Assert.True(await page.Locator("noscript").CountAsync() == 1);
        Assert.Equal("static", await page.Locator("#live").InnerTextAsync());
        var html = await page.ContentAsync();
        Assert.DoesNotContain(Passphrase, html, StringComparison.Ordinal);
        Assert.Contains("passphrase=***", html, StringComparison.Ordinal);
        output.WriteLine($"screenshot: {await HeadlessChromium.ScreenshotAsync(page, "status-page-no-javascript")}");
    }

    [Fact(Timeout = 120_000)]
    public async Task Page_HundredRoutes_FilterNarrowsTheTableAndDetailsOpenInPlace()
    {
        await using var sink = UdpSink.Start();
        var environment = new RouteEnvironment()
            .Route(Route, FaultWorker.TestPattern(Route), sink.Url)
            .SmallProfile(Route);
        // 99 more routes, configured but disabled: the page's size without 99 encoders on two cores.
        for (var i = 1; i < 100; i++)
        {
            var name = $"site-{i:000}";
            environment.Route(name, $"rtmp://127.0.0.1:1935/live/{name}", $"srt://127.0.0.1:9000?streamid=publish:{name}")
                .Set($"Relay__Routes__{name}__Enabled", "false");
        }
        await using var worker = WorkerProcess.Start(environment.Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, Start);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(worker.BaseAddress, "/").ToString());
        await page.Locator("#live[data-live='live']").WaitForAsync(new() { Timeout = 10_000 });

        Assert.Equal(100, await page.Locator("tr.route").CountAsync());
        output.WriteLine($"screenshot: {await HeadlessChromium.ScreenshotAsync(page, "status-page-100-routes", fullPage: true)}");
        await page.Locator("#filter").FillAsync("site-04");
        await Assertions.Expect(page.Locator("tr.route:not(.hide)")).ToHaveCountAsync(10);
        await page.Locator("#filter").FillAsync("");
        await page.Locator("#problems-only").CheckAsync();
        // Disabled routes are off by choice, not a problem; the one running route is not one either.
        await Assertions.Expect(page.Locator("tr.route:not(.hide)")).ToHaveCountAsync(0);
        await page.Locator("#problems-only").UncheckAsync();

        await page.Locator($"tr.route[data-route='{Route}'] td.c-route").ClickAsync();
        var details = page.Locator($"tr.details[data-for='{Route}']");
        await Assertions.Expect(details.Locator(".facts")).ToContainTextAsync("pid");
        Assert.Empty(await details.Locator(".actions button").AllAsync());
        // With a token, the control buttons appear; this worker has no control API configured, and the page says so.
        await page.Locator("#control-button").ClickAsync();
        await page.Locator("#token").FillAsync("operator-token");
        await page.Locator("#control button[type='submit']").ClickAsync();
        await details.Locator("button", new() { HasText = "Restart" }).ClickAsync();
        await Assertions.Expect(page.Locator("#toast")).ToContainTextAsync("Control is not enabled");
        output.WriteLine($"screenshot: {await HeadlessChromium.ScreenshotAsync(page, "status-page-details")}");
    }
}
