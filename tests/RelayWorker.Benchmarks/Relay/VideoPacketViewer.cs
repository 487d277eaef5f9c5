using System.Globalization;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>One video packet as a viewer received it: its PTS in milliseconds, whether it is a keyframe, and when it arrived.</summary>
internal readonly record struct VideoArrival(long PtsMs, bool Key, long At);

/// <summary>
/// A viewer that demuxes like a player and prints every video packet as ffprobe's demuxer releases it (line-buffered
/// through stdbuf), stamped with its monotonic arrival time here. An RTMP viewer and an SRT viewer of the same stream
/// both use it, so the demuxer's own behaviour is part of what a real viewer sees, and the same in both.
/// </summary>
internal sealed class VideoPacketViewer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<VideoArrival> _arrivals = [];
    private readonly ManagedProcess _process;

    private VideoPacketViewer(string url, string name)
    {
        _process = ManagedProcess.Start(
            "stdbuf",
            ["-oL", "ffprobe", "-hide_banner", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", url],
            new ProcessOptions { Name = name, OnStandardOutputLine = Record });
    }

    public string Tail => _process.OutputTail();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _arrivals.Count;
            }
        }
    }

    public long? FirstAt
    {
        get
        {
            lock (_gate)
            {
                return _arrivals.Count == 0 ? null : _arrivals[0].At;
            }
        }
    }

    public static VideoPacketViewer Start(string url, string name) => new(url, name);

    public IReadOnlyList<VideoArrival> Arrivals()
    {
        lock (_gate)
        {
            return [.. _arrivals];
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private void Record(string line, long at)
    {
        var comma = line.IndexOf(',', StringComparison.Ordinal);
        if (comma <= 0 || !double.TryParse(line.AsSpan(0, comma), NumberStyles.Float, CultureInfo.InvariantCulture, out var pts))
        {
            return;
        }
        var arrival = new VideoArrival((long)Math.Round(pts * 1000), line.AsSpan(comma + 1).StartsWith("K"), at);
        lock (_gate)
        {
            _arrivals.Add(arrival);
        }
    }
}
