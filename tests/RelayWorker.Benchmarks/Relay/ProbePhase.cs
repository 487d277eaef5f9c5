namespace RelayWorker.Benchmarks.Relay;

/// <summary>The slowest answer per endpoint in one phase, and how many answers of all took over <see cref="EndpointProbes.SlowMs"/>.</summary>
internal sealed class ProbePhase
{
    private readonly Dictionary<string, double> _slowestMs = new(StringComparer.Ordinal);

    public int Probes { get; private set; }

    public int Slow { get; private set; }

    public double? SlowestMs(string path) => _slowestMs.TryGetValue(path, out var ms) ? ms : null;

    public void Add(string path, double ms)
    {
        _slowestMs[path] = Math.Max(ms, _slowestMs.GetValueOrDefault(path));
        Probes++;
        Slow += ms > EndpointProbes.SlowMs ? 1 : 0;
    }

    public ProbePhase Copy()
    {
        var copy = new ProbePhase { Probes = Probes, Slow = Slow };
        foreach (var (path, ms) in _slowestMs)
        {
            copy._slowestMs[path] = ms;
        }
        return copy;
    }
}
