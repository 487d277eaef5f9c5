using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using RelayWorker.Configuration;
using RelayWorker.IntegrationTests.Faults;
using RelayWorker.IntegrationTests.Infrastructure;
using RelayWorker.IntegrationTests.Relay;
using RelayWorker.Status;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Console;

/// <summary>
/// A continuous route on the status page in a real browser, over real HTTP, with the route's real ffmpeg streaming.
/// The continuous route's runner is not built on this branch: the test makes the RouteStatus calls it will make
/// (inputs configured, states changed, switches) and checks what the page shows of them.
/// </summary>
public sealed class StatusPageContinuityTests(ITestOutputHelper output)
{
    private const string Route = "cam1";

    [Fact(Timeout = 120_000)]
    public async Task Page_ContinuousRouteSwitches_BadgeEventAndInputsFollowWithoutReload()
    {
        await using var sink = UdpSink.Start();
        await using var worker = await InProcessWorker.StartAsync(new RouteEnvironment()
            .Route(Route, FaultWorker.TestPattern(Route), sink.Url)
            .Set($"Relay__Routes__{Route}__Backups__0", "srt://127.0.0.1:9?passphrase=page-backup-passphrase")
            .Set($"Relay__Routes__{Route}__Slate", "builtin")
            .SmallProfile(Route)
            .Build());
        var status = await worker.WaitUntilStreamingAsync(Route, TimeSpan.FromSeconds(30));
        var inputs = ContinuitySources.Of(worker.App.Services.GetRequiredService<IOptionsMonitor<RelayOptions>>().CurrentValue.Routes[Route]);
        status.ContinuityConfigured(inputs);
        status.SourcesChanged(With(inputs, SourceState.Delivering, SourceState.Delivering, SourceState.Delivering));
        status.SourceSwitched("primary", "start");

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(worker.BaseAddress, "/").ToString());
        var badge = page.Locator($"tr.route[data-route='{Route}'] td.c-source .src");
        await Assertions.Expect(badge).ToHaveTextAsync("primary");
        await page.Locator("#live[data-live='live']").WaitForAsync(new() { Timeout = 10_000 });
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await page.Locator($"tr.route[data-route='{Route}'] td.c-route").ClickAsync();
        var details = page.Locator($"tr.details[data-for='{Route}']");
        await Assertions.Expect(details.Locator("tr.input")).ToHaveCountAsync(3);
        await Assertions.Expect(details.Locator("tr.input.on-air")).ToHaveAttributeAsync("data-input", "primary");

        // The primary is lost: the runner cuts to the backup.
        status.SourcesChanged(With(inputs, SourceState.Lost, SourceState.Delivering, SourceState.Delivering));
        status.SourceSwitched("backup1", "loss");

        await Assertions.Expect(badge).ToHaveTextAsync("backup1", new() { Timeout = 10_000 });
        await Assertions.Expect(badge).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("src-backup"));
        // On a backup the route is fine: "problems only" hides it.
        await page.Locator("#problems-only").CheckAsync();
        await Assertions.Expect(page.Locator($"tr.route[data-route='{Route}']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bhide\b"));
        await page.Locator("#problems-only").UncheckAsync();
        await Assertions.Expect(page.Locator($"tr.route[data-route='{Route}'] td.c-source .url")).ToHaveTextAsync("srt://127.0.0.1:9?passphrase=***");
        await Assertions.Expect(details.Locator("tr.input.on-air")).ToHaveAttributeAsync("data-input", "backup1", new() { Timeout = 10_000 });
        await Assertions.Expect(details.Locator("tr.input[data-input='primary'] td").Nth(2)).ToHaveTextAsync("Lost");
        await Assertions.Expect(page.Locator("#event-list")).ToContainTextAsync($"{Route}: source primary → backup1 (loss)", new() { Timeout = 10_000 });
        output.WriteLine($"screenshot: {await HeadlessChromium.ScreenshotAsync(page, "status-page-continuous-backup")}");

        // Every source lost: the slate is on air.
        status.SourcesChanged(With(inputs, SourceState.Lost, SourceState.BackingOff, SourceState.Delivering));
        status.SourceSwitched("slate", "loss");

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

    private static ImmutableArray<SourceView> With(ImmutableArray<SourceView> inputs, params SourceState[] states) =>
        [.. inputs.Select((input, i) => input with { State = states[i] })];
}
