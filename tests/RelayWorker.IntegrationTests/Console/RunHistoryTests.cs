using System.Text.Json;
using RelayWorker.IntegrationTests.Faults;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Console;

[Collection(TestLanes.Main)]
public sealed class RunHistoryTests(ITestOutputHelper output)
{
    private const string Route = "cam1";

    [Fact(Timeout = 90_000)]
    public async Task Runs_AfterTheChildIsKilled_ShowThatRunKilledBySigkillWithTimesMediaAndRedactedLines()
    {
        await using var sink = UdpSink.Start();
        // A secret in the destination must never appear in the run's lines, which quote the output URL.
        var destination = sink.Url + "&passphrase=runs-canary-secret";
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, FaultWorker.TestPattern(Route), destination)
            .SmallProfile(Route)
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(30));
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(10));
        // Two progress blocks after Running, so the killed run has streamed media to report.
        await Poll.UntilAsync(async () => (await worker.RouteAsync(Route)).UptimeSeconds() >= 2, TimeSpan.FromSeconds(15), "two seconds of uptime");
        var victim = (await worker.RouteAsync(Route)).Pid()!.Value;
        var before = await RunsAsync(worker);
        Assert.Empty(before.GetProperty("runs").EnumerateArray());
        // The run in progress is listed too, with its own lines so far.
        var current = Assert.Single(before.GetProperty("running").EnumerateArray());
        Assert.Equal("main", current.GetProperty("process").GetString());
        Assert.True(current.GetProperty("durationSeconds").GetDouble() >= 2);
        Assert.Contains(current.GetProperty("lastLines").EnumerateArray(), l => l.GetString()!.Contains("passphrase=***", StringComparison.Ordinal));

        Assert.True(UnixSignal.Send(victim, UnixSignal.Kill));
        JsonElement runs = default;
        await Poll.UntilAsync(
            async () => (runs = await RunsAsync(worker)).GetProperty("runs").GetArrayLength() == 1,
            TimeSpan.FromSeconds(10),
            "the killed run in the history");

        Assert.Equal(Route, runs.GetProperty("route").GetString());
        var run = runs.GetProperty("runs")[0];
        Assert.Equal("main", run.GetProperty("process").GetString());
        Assert.Equal("killed", run.GetProperty("cause").GetString());
        Assert.Equal(137, run.GetProperty("exitCode").GetInt32());
        Assert.Equal("SIGKILL", run.GetProperty("signal").GetString());
        var startedAt = run.GetProperty("startedAt").GetDateTimeOffset();
        var endedAt = run.GetProperty("endedAt").GetDateTimeOffset();
        Assert.Equal(TimeSpan.Zero, startedAt.Offset);
        Assert.True(endedAt > startedAt);
        Assert.Equal((endedAt - startedAt).TotalSeconds, run.GetProperty("durationSeconds").GetDouble(), 2);
        Assert.InRange(run.GetProperty("mediaSeconds").GetDouble(), 1.0, run.GetProperty("durationSeconds").GetDouble() + 1);
        var lines = run.GetProperty("lastLines").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.InRange(lines.Count, 1, 30);
        // ffmpeg names its output in the stream description, with the secret masked by the redactor.
        Assert.Contains(lines, l => l.Contains("passphrase=***", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("runs-canary-secret", StringComparison.Ordinal));

        // The worker restarted the route: the replacement is the run in progress now.
        await Poll.UntilAsync(
            async () => (await RunsAsync(worker)).GetProperty("running").EnumerateArray()
                .Any(r => r.GetProperty("startedAt").GetDateTimeOffset() >= endedAt),
            TimeSpan.FromSeconds(10),
            "the replacement run in progress");
        // The runs of an unknown route are a 404.
        using var unknown = await worker.HttpClient.GetAsync(new Uri("api/routes/nope/runs", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task<JsonElement> RunsAsync(WorkerProcess worker) =>
        JsonDocument.Parse(await worker.HttpClient.GetStringAsync(new Uri($"api/routes/{Route}/runs", UriKind.Relative))).RootElement.Clone();
}
