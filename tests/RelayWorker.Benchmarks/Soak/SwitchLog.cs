using System.Text.RegularExpressions;

namespace RelayWorker.Benchmarks.Soak;

/// <summary>The switches a continuous route logs ("Route r switched to backup1 (loss)"), with the time each line came.</summary>
internal sealed partial class SwitchLog
{
    private readonly Lock _gate = new();
    private readonly List<(long At, string To, string Reason)> _switches = [];

    [GeneratedRegex(@"switched to (?<to>\w+) \((?<reason>\w+)\)")]
    private static partial Regex SwitchLine();

    /// <summary>The input on air now, or null before the first switch.</summary>
    public string? OnAir
    {
        get
        {
            lock (_gate)
            {
                return _switches.Count == 0 ? null : _switches[^1].To;
            }
        }
    }

    public IReadOnlyList<(long At, string To, string Reason)> Switches
    {
        get
        {
            lock (_gate)
            {
                return [.. _switches];
            }
        }
    }

    public void Observe(string line, long at)
    {
        if (SwitchLine().Match(line) is { Success: true } match)
        {
            lock (_gate)
            {
                _switches.Add((at, match.Groups["to"].Value, match.Groups["reason"].Value));
            }
        }
    }

    /// <summary>The first switch for one of <paramref name="reasons"/> after <paramref name="after"/>, or null.</summary>
    public (long At, string To, string Reason)? FirstAfter(long after, params string[] reasons)
    {
        lock (_gate)
        {
            return _switches.Where(s => s.At > after && reasons.Contains(s.Reason)).Select(s => ((long, string, string)?)s).FirstOrDefault();
        }
    }
}
