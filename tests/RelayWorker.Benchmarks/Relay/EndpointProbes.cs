using System.Diagnostics;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// Asks each of the worker's endpoints every half second with a 5 s client timeout, as a kubelet or a Prometheus
/// would, and keeps the slowest answer per endpoint within the phase being measured (the start, the outage).
/// Timing counts from the worker's first answer on: before it the process is still starting. After it, any HTTP
/// status is an answer (/healthz/ready answers 503 while routes are down), and a timeout or a refused connection
/// counts as 5000 ms. Between phases the probes pause, so they add no load to a CPU window measured meanwhile.
/// </summary>
internal sealed class EndpointProbes : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> Paths = ["healthz/live", "healthz/ready", "metrics", "api/routes"];

    /// <summary>The answer time that counts as "did not answer within a kubelet's default probe timeout".</summary>
    public const double SlowMs = 1000;

    private const double FailedMs = 5000;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromMilliseconds(FailedMs);

    private readonly WorkerProcess _worker;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProbePhase> _phases = new(StringComparer.Ordinal);
    private readonly List<Task> _loops;
    private string? _phase;
    private volatile bool _answered;

    public EndpointProbes(WorkerProcess worker)
    {
        _worker = worker;
        _loops = [.. Paths.Select(path => Task.Run(() => ProbeLoopAsync(path)))];
    }

    /// <summary>Answers from now on count towards <paramref name="phase"/>.</summary>
    public void Measure(string phase)
    {
        lock (_gate)
        {
            _phase = phase;
            _phases.TryAdd(phase, new ProbePhase());
        }
    }

    public void Pause()
    {
        lock (_gate)
        {
            _phase = null;
        }
    }

    /// <summary>What <paramref name="phase"/> saw; empty when it was never measured or the worker never answered.</summary>
    public ProbePhase Of(string phase)
    {
        lock (_gate)
        {
            return _phases.TryGetValue(phase, out var found) ? found.Copy() : new ProbePhase();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }

    private async Task ProbeLoopAsync(string path)
    {
        using var client = new HttpClient { BaseAddress = _worker.BaseAddress, Timeout = ClientTimeout };
        var relative = new Uri(path, UriKind.Relative);
        // Bounded by the benchmark's own timeouts: the loop ends when the probes are disposed or the worker exits.
        while (!_stop.IsCancellationRequested && !_worker.HasExited)
        {
            string? phase;
            lock (_gate)
            {
                phase = _phase;
            }
            var probe = Stopwatch.StartNew();
            if (phase is not null)
            {
                double? ms;
                try
                {
                    using var response = await client.GetAsync(relative, HttpCompletionOption.ResponseContentRead, _stop.Token);
                    ms = probe.Elapsed.TotalMilliseconds;
                    _answered = true;
                }
                catch (HttpRequestException)
                {
                    ms = null;
                }
                catch (TaskCanceledException) when (!_stop.IsCancellationRequested)
                {
                    ms = null;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (_answered)
                {
                    lock (_gate)
                    {
                        _phases[phase].Add(path, ms ?? FailedMs);
                    }
                }
            }
            var rest = Interval - probe.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(rest, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
