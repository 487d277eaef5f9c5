using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RelayWorker.IntegrationTests.Faults;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Console;

/// <summary>The status page's control buttons in a real browser against a real worker that has a control token.</summary>
[Collection(TestLanes.Main)]
public sealed class StatusPageControlTests(ITestOutputHelper output)
{
    private const string Route = "cam1";
    private const string Other = "cam2";

    private static readonly TimeSpan Start = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 150_000)]
    public async Task Page_TokenThenRestart_RowCountsAManualRestartAndTheRunHistoryShowsIt()
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await using var sink = UdpSink.Start();
        await using var otherSink = UdpSink.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, FaultWorker.TestPattern(Route), sink.Url)
            .Route(Other, FaultWorker.TestPattern(Other), otherSink.Url)
            .SmallProfile(Route, Other)
            .Set("Relay__Api__Token", token)
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, Start);
        // A first run that ends by itself (SIGKILL), so the history holds two ended runs with different causes.
        var victim = FaultWorker.Pid(await worker.RouteAsync(Route)) ?? throw new InvalidOperationException("the route has no child");
        Assert.True(UnixSignal.Send(victim, UnixSignal.Kill), $"pid {victim} was already gone");
        await Poll.UntilAsync(async () => (await worker.RouteAsync(Route)).Restarts("killed") == 1, TimeSpan.FromSeconds(10), "the kill counted");
        await worker.WaitUntilRunningAsync(Route, Start);

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(worker.BaseAddress, "/").ToString());
        await page.Locator("#live[data-live='live']").WaitForAsync(new() { Timeout = 10_000 });
        var row = page.Locator($"tr.route[data-route='{Route}']");
        await page.Locator($"tr.route[data-route='{Route}'][data-state='Running'][data-restarts='1']").WaitForAsync(new() { Timeout = 10_000 });
        // A mark in this document: a reload would lose it.
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        await page.Locator("#control-button").ClickAsync();
        await page.Locator("#token").FillAsync(token);
        await page.Locator("#control button[type='submit']").ClickAsync();
        await row.Locator("td.c-route").ClickAsync();
        var details = page.Locator($"tr.details[data-for='{Route}']");
        var restart = details.Locator("button", new() { HasText = "Restart" });
        await restart.WaitForAsync(new() { Timeout = 5_000 });
        var runRows = details.Locator("table.runs tbody tr");
        // The run in progress first, then the killed one.
        await Assertions.Expect(runRows).ToHaveCountAsync(2, new() { Timeout = 5_000 });
        await Assertions.Expect(runRows.Nth(0).Locator("td").Nth(4)).ToHaveTextAsync("running");

        await restart.ClickAsync();

        await Assertions.Expect(page.Locator("#toast")).ToContainTextAsync($"Done: {Route}/restart", new() { Timeout = 10_000 });
        await page.Locator($"tr.route[data-route='{Route}'][data-restarts='2']").WaitForAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(row.Locator(".c-restarts")).ToContainTextAsync("manual 1");
        await Assertions.Expect(row.Locator(".c-restarts")).ToContainTextAsync("killed 1");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        var api = await worker.RouteAsync(Route);
        Assert.Equal(2, api.GetProperty("restarts").GetInt32());
        Assert.Equal(1, api.Restarts("manual"));
        var metrics = await worker.HttpClient.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.Matches($"relay_route_restarts_total\\{{(?=[^}}]*route=\"{Route}\")(?=[^}}]*reason=\"manual\")[^}}]*\\}} 1\\b", metrics);
        Assert.Equal(0, (await worker.RouteAsync(Other)).GetProperty("restarts").GetInt32());

        // The open details refresh their run history in place: the run in progress, then the ended ones newest
        // first, as the API lists them.
        await Assertions.Expect(runRows).ToHaveCountAsync(3, new() { Timeout = 15_000 });
        // Closed and opened again, the details load the same history.
        await row.Locator("td.c-route").ClickAsync();
        await Assertions.Expect(details).ToHaveCountAsync(0);
        await row.Locator("td.c-route").ClickAsync();
        await Assertions.Expect(runRows).ToHaveCountAsync(3, new() { Timeout = 5_000 });
        await Assertions.Expect(runRows.Nth(0).Locator("td").Nth(4)).ToHaveTextAsync("running");
        await Assertions.Expect(runRows.Nth(1).Locator("td").Nth(5)).ToHaveTextAsync(new Regex("^manual"));
        await Assertions.Expect(runRows.Nth(2).Locator("td").Nth(5)).ToHaveTextAsync(new Regex("^killed"));
        var runs = JsonDocument.Parse(await worker.HttpClient.GetStringAsync(new Uri($"api/routes/{Route}/runs", UriKind.Relative)))
            .RootElement.GetProperty("runs");
        string[] causes = ["manual", "killed"];
        Assert.Equal(causes, runs.EnumerateArray().Select(r => r.GetProperty("cause").GetString() ?? "").ToArray());
        await page.Locator($"tr.route[data-route='{Route}'][data-state='Running']").WaitForAsync(new() { Timeout = 15_000 });
        output.WriteLine($"screenshot: {await HeadlessChromium.ScreenshotAsync(page, "status-page-control-restart")}");
        Assert.DoesNotContain(token, worker.Output, StringComparison.Ordinal);
    }
}
