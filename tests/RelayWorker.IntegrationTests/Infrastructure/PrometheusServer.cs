using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// A real Prometheus server scraping one target every second, so a test can prove that what the worker exposes
/// is what Prometheus actually ingests (names, labels, values), not just text that looks right.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory = TempDirectory.Create("prometheus");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private ManagedProcess? _process;

    private PrometheusServer()
    {
    }

    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string Log => _process?.AllOutput ?? "";

    /// <param name="target">host:port to scrape, e.g. "127.0.0.1:5000".</param>
    /// <param name="metricsPath">The scraped path.</param>
    public static async Task<PrometheusServer> StartAsync(string target, string metricsPath = "/metrics")
    {
        return await FixtureStart.OrDisposeAsync(new PrometheusServer(), server => server.StartProcessAsync(target, metricsPath));
    }

    /// <summary>Runs an instant query and returns the vector's samples (empty when nothing matches yet).</summary>
    public async Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promql)
    {
        var uri = new Uri(BaseAddress, "api/v1/query?query=" + Uri.EscapeDataString(promql));
        using var document = await _http.GetFromJsonAsync<JsonDocument>(uri)
            ?? throw new InvalidOperationException("Prometheus returned an empty body.");
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus rejected '{promql}': {root}");
        }
        var data = root.GetProperty("data");
        var resultType = data.GetProperty("resultType").GetString();
        if (resultType == "scalar")
        {
            return [new PrometheusSample(new Dictionary<string, string>(), ParseValue(data.GetProperty("result")))];
        }
        if (resultType != "vector")
        {
            throw new InvalidOperationException($"Expected an instant vector from '{promql}', got {resultType}.");
        }
        var samples = new List<PrometheusSample>();
        foreach (var item in data.GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
            samples.Add(new PrometheusSample(labels, ParseValue(item.GetProperty("value"))));
        }
        return samples;
    }

    /// <summary>Repeats the query until <paramref name="condition"/> holds on its result (scrapes are 1 s apart).</summary>
    public async Task<IReadOnlyList<PrometheusSample>> WaitForQueryAsync(
        string promql, Func<IReadOnlyList<PrometheusSample>, bool> condition, TimeSpan timeout)
    {
        IReadOnlyList<PrometheusSample> last = [];
        await Poll.UntilAsync(
            async () => condition(last = await QueryAsync(promql)),
            timeout,
            $"Prometheus query '{promql}' to satisfy the condition (last result: {string.Join(", ", last.Select(s => s.Value))})");
        return last;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        _http.Dispose();
        _directory.Dispose();
    }

    // An instant sample is [unixTime, "value"]; the value is a string so that NaN and ±Inf survive JSON.
    private static double ParseValue(JsonElement pair) =>
        double.Parse(pair[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private async Task StartProcessAsync(string target, string metricsPath)
    {
        var config = _directory.File("prometheus.yml");
        // scrape_timeout must not exceed scrape_interval; both are 1 s so a test sees a change within seconds.
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: relayworker
                metrics_path: {metricsPath}
                static_configs:
                  - targets: ['{target}']
            """);

        await FixtureStart.OnFreePortsAsync("prometheus", async () =>
        {
            Port = FreePort.Tcp();
            var process = ManagedProcess.Start(
                "prometheus",
                [
                    $"--config.file={config}",
                    $"--storage.tsdb.path={_directory.File("data")}",
                    $"--web.listen-address=127.0.0.1:{Port}",
                ],
                new ProcessOptions { Name = "prometheus" });
            _process = process;

            var ready = await Poll.TryUntilAsync(async () => process.HasExited || await IsReadyAsync(), StartTimeout);
            if (ready && !process.HasExited)
            {
                return null;
            }
            await process.DisposeAsync();
            _process = null;
            return process.AllOutput;
        });
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(BaseAddress, "-/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
