using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Faults;

/// <summary>
/// Canary values set as secrets in configuration, then searched for everywhere the worker speaks: its log (at Debug, so
/// ffmpeg's own info lines, which quote every URL, are included), the status API, health and metrics. Checked while
/// the route streams and again after a forced restart, when error messages quote the failing URLs.
/// </summary>
[Collection(TestLanes.Main)]
public sealed class SecretsCanaryTests(ITestOutputHelper output)
{
    private const string Route = "canary";
    private const string UserName = "canaryuser";
    private const string Password = "canarypass9";
    private const string StreamKey = "canary-stream-key-7731";
    private const string Passphrase = "canary-passphrase-5521";

    private static readonly string[] Canaries = [UserName, Password, StreamKey, Passphrase];
    private static readonly string[] Endpoints = ["api/routes", $"api/routes/{Route}", "healthz/ready", "healthz/live", "metrics"];

    [Theory(Timeout = 120_000)]
    [InlineData("text")]
    [InlineData("json")]
    public async Task Worker_SecretsInConfiguration_NeverAppearInLogsApiHealthOrMetrics(string logFormat)
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("src"));
        await using var sink = await SrtSink.StartAsync(Passphrase);
        // nginx-rtmp asks for no authentication, so ffmpeg never uses the URL's credentials and the pull works.
        var source = $"rtmp://{UserName}:{Password}@127.0.0.1:{nginx.RtmpPort}/live/src";
        // A third destination nobody listens on, with every kind of secret: its fifo retries it each second, so
        // ffmpeg keeps printing errors that quote its URL, and the API shows it down with its last error.
        var dead = $"rtmp://{UserName}:{Password}@127.0.0.1:{FreePort.Tcp()}/live/{StreamKey}?passphrase={Passphrase}";
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, source, sink.Url, nginx.RtmpUrl(StreamKey), dead)
            .Set("Relay__LogFormat", logFormat)
            .Set("Logging__LogLevel__Default", "Debug")
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(40));
        // Both destinations really receive media: the passphrase and the stream key are in use, not just configured.
        await sink.WaitForBytesAsync(100_000, TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => nginx.Log.Contains(StreamKey, StringComparison.Ordinal), TimeSpan.FromSeconds(15),
            "nginx-rtmp to accept the publish to the stream key");
        Assert.Contains("Input #0, flv, from", worker.Output, StringComparison.Ordinal);
        await Poll.UntilAsync(
            async () => (await worker.RouteAsync(Route)).GetProperty("destinationStatus")[2] is var d
                && d.GetProperty("state").GetString() is "Down" or "Failing" && d.GetProperty("lastError").ValueKind == System.Text.Json.JsonValueKind.String,
            TimeSpan.FromSeconds(20),
            "the dead destination reported down with an error");
        var streaming = await CollectAsync(worker);

        // SIGKILL the child: the worker logs the exit and the last error, and the replacement's start logs every
        // URL again (the SRT sink frees itself only after its ~5 s peer timeout, so that leg reconnects late).
        var victim = Assert.Single(worker.FfmpegChildren());
        Assert.True(UnixSignal.Send(victim, UnixSignal.Kill));
        var duringRecovery = new List<(string What, string Text)>();
        await Poll.UntilAsync(
            async () =>
            {
                duringRecovery.AddRange(await CollectAsync(worker));
                return sink.Connections >= 2 && await worker.StateAsync(Route) == "Running";
            },
            TimeSpan.FromSeconds(40),
            "the route and its SRT leg back after the kill");
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(15));
        var afterRestart = await CollectAsync(worker);
        var logs = (What: "worker output", Text: worker.Output);

        output.WriteLine($"{logFormat}: checked {worker.Lines().Count} log lines and {streaming.Count + duringRecovery.Count + afterRestart.Count} endpoint answers; "
            + $"restarts {(await worker.RouteAsync(Route)).GetProperty("restartsByReason")}");
        // The check has teeth only if the URLs really were logged and errors quoted them (masked).
        Assert.Contains("***", worker.Output, StringComparison.Ordinal);
        Assert.True(worker.Lines().Count(line => line.Contains("rtmp://", StringComparison.Ordinal)) >= 2, "no log line quotes a URL");
        Assert.Contains(worker.Lines(), line => line.Contains("Connection refused", StringComparison.Ordinal) && line.Contains("rtmp://", StringComparison.Ordinal));
        foreach (var (what, text) in streaming.Concat(duringRecovery).Concat(afterRestart).Append(logs))
        {
            foreach (var canary in Canaries)
            {
                var at = text.IndexOf(canary, StringComparison.Ordinal);
                Assert.True(at < 0, $"'{canary}' leaked in {what}: …{Excerpt(text, at)}…");
            }
        }
    }

    private static async Task<List<(string What, string Text)>> CollectAsync(WorkerProcess worker)
    {
        var answers = new List<(string, string)>();
        foreach (var path in Endpoints)
        {
            // /healthz/ready answers 503 while the route restarts; its body is checked all the same.
            using var response = await worker.HttpClient.GetAsync(new Uri(path, UriKind.Relative));
            answers.Add(($"GET /{path} ({(int)response.StatusCode})", await response.Content.ReadAsStringAsync()));
        }
        return answers;
    }

    private static string Excerpt(string text, int at) => text.Substring(Math.Max(0, at - 120), Math.Min(240, text.Length - Math.Max(0, at - 120)));
}
