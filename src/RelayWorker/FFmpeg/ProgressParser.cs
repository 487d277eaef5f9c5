using System.Globalization;

namespace RelayWorker.FFmpeg;

/// <summary>
/// Turns <c>-progress pipe:1</c> lines into snapshots, one per block. Tolerates N/A, unknown and missing
/// keys (6.1 omits frame= and fps= with stream copy) and lines that are not key=value at all.
/// Not thread-safe: one parser per ffmpeg run, fed from its stdout reader.
/// </summary>
internal sealed class ProgressParser
{
    private readonly Dictionary<string, string> _block = new(StringComparer.Ordinal);

    /// <summary>Feeds one line; returns a snapshot when the line closes a block.</summary>
    public ProgressSnapshot? Feed(string line)
    {
        var eq = line.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return null;
        }
        var key = line[..eq].Trim();
        var value = line[(eq + 1)..].Trim();
        if (key != "progress")
        {
            _block[key] = value;
            return null;
        }
        var snapshot = new ProgressSnapshot(
            Long("frame"),
            Double("fps"),
            Double("bitrate", "kbits/s"),
            Long("total_size"),
            // out_time_ms is in microseconds too (a historic misnomer); take it when out_time_us is absent.
            Long("out_time_us") ?? Long("out_time_ms"),
            Long("dup_frames"),
            Long("drop_frames"),
            Double("speed", "x"),
            Ended: value == "end");
        _block.Clear();
        return snapshot;
    }

    private long? Long(string key) =>
        _block.TryGetValue(key, out var raw) && long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private double? Double(string key, string? unit = null)
    {
        if (!_block.TryGetValue(key, out var raw))
        {
            return null;
        }
        if (unit is not null && raw.EndsWith(unit, StringComparison.Ordinal))
        {
            raw = raw[..^unit.Length];
        }
        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
    }
}
