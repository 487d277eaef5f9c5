using System.Globalization;

namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>
/// The latest values of ffmpeg's `-progress pipe:1` key=value blocks. ffmpeg's speed is media time over its own
/// elapsed time: with -re input 1.00x means it keeps real time, without -re it is the headroom.
/// </summary>
internal sealed class FfmpegProgress
{
    private readonly Lock _gate = new();
    private double? _speed;
    private long? _outTimeMicroseconds;

    /// <summary>Called once, on the reader thread, when ffmpeg writes `progress=end` (it is about to exit).</summary>
    public Action? OnEnd { get; init; }

    public double? Speed
    {
        get
        {
            lock (_gate)
            {
                return _speed;
            }
        }
    }

    public double? OutTimeSeconds
    {
        get
        {
            lock (_gate)
            {
                return _outTimeMicroseconds / 1_000_000.0;
            }
        }
    }

    public void Feed(string line)
    {
        var equals = line.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return;
        }
        var key = line.AsSpan(0, equals);
        var value = line.AsSpan(equals + 1).Trim();
        lock (_gate)
        {
            if (key.SequenceEqual("speed") && value.EndsWith("x")
                && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var speed))
            {
                _speed = speed;
            }
            else if (key.SequenceEqual("out_time_us") && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var us) && us >= 0)
            {
                _outTimeMicroseconds = us;
            }
        }
        if (key.SequenceEqual("progress") && value.SequenceEqual("end"))
        {
            OnEnd?.Invoke();
        }
    }
}
