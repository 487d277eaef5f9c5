using System.Net;
using System.Text;
using RelayWorker.IntegrationTests.Infrastructure;

namespace RelayWorker.IntegrationTests.InfrastructureTests;

[Collection(TestLanes.Main)]
public sealed class PrometheusServerTests
{
    private const string Exposition = """
        # HELP relay_smoke_total A counter served only to this smoke test.
        # TYPE relay_smoke_total counter
        relay_smoke_total{route="cam1"} 42

        """;

    [Fact(Timeout = 40_000)]
    public async Task Prometheus_scrapes_a_target_and_answers_queries()
    {
        var port = FreePort.Tcp();
        using var target = new HttpListener();
        target.Prefixes.Add($"http://127.0.0.1:{port}/");
        target.Start();
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(target, stop.Token);

        await using (var prometheus = await PrometheusServer.StartAsync($"127.0.0.1:{port}"))
        {
            var up = await prometheus.WaitForQueryAsync("up", samples => samples.Count == 1 && samples[0].Value == 1, TimeSpan.FromSeconds(20));
            Assert.Equal("relayworker", up[0].Labels["job"]);
            var counter = await prometheus.QueryAsync("relay_smoke_total");
            Assert.Equal(42, Assert.Single(counter).Value);
            Assert.Equal("cam1", counter[0].Labels["route"]);
        }

        await stop.CancelAsync();
        target.Stop();
        await Task.WhenAny(serving);
    }

    [Fact(Timeout = 20_000)]
    public async Task Promtool_accepts_a_clean_exposition_and_reports_a_missing_help()
    {
        var clean = await Promtool.CheckMetricsAsync(Exposition);
        var noHelp = await Promtool.CheckMetricsAsync("relay_undocumented 1\n");

        Assert.Equal((0, ""), clean);
        Assert.NotEqual(0, noHelp.ExitCode);
        Assert.Contains("no help text", noHelp.Output, StringComparison.Ordinal);
    }

    private static async Task ServeAsync(HttpListener listener, CancellationToken stop)
    {
        var body = Encoding.UTF8.GetBytes(Exposition);
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            context.Response.ContentType = "text/plain; version=0.0.4";
            await context.Response.OutputStream.WriteAsync(body, stop);
            context.Response.Close();
        }
    }
}
