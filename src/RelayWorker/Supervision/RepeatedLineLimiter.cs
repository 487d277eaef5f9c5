using System.Text.RegularExpressions;

namespace RelayWorker.Supervision;

/// <summary>
/// Keeps ffmpeg from flooding the log with one message in many variants: ffmpeg folds exact repeats
/// itself, but lines that differ only in numbers ("Non-monotonous DTS … changing to 1234") came at 67 a
/// second per route in the soak, and an encoder's VBV underflow warning comes once per frame. Each shape of line
/// (digits ignored) is logged once a minute; the rest are counted and reported as one line when the minute
/// ends. Not thread-safe: one per run.
/// </summary>
internal sealed partial class RepeatedLineLimiter(TimeProvider timeProvider)
{
    public const int LinesPerWindow = 1;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, Shape> _shapes = new(StringComparer.Ordinal);

    [GeneratedRegex(@"0x[0-9a-fA-F]+|\d+")]
    private static partial Regex Numbers();

    /// <summary>Whether to log this line now; <paramref name="suppressedBefore"/> is how many lines of its
    /// shape were held back in the window that just ended (report them first).</summary>
    public bool Allow(string line, out int suppressedBefore)
    {
        var key = Numbers().Replace(line, "#");
        var now = timeProvider.GetTimestamp();
        suppressedBefore = 0;
        if (!_shapes.TryGetValue(key, out var shape) || timeProvider.GetElapsedTime(shape.WindowStart, now) >= Window)
        {
            suppressedBefore = shape?.Suppressed ?? 0;
            _shapes[key] = shape = new Shape(now);
            // A run's distinct shapes are few; this bounds memory if a line embeds something unbounded.
            if (_shapes.Count > 1000)
            {
                _shapes.Clear();
                _shapes[key] = shape;
            }
        }
        if (shape.Passed < LinesPerWindow)
        {
            shape.Passed++;
            return true;
        }
        shape.Suppressed++;
        return false;
    }

    private sealed class Shape(long windowStart)
    {
        public long WindowStart { get; } = windowStart;

        public int Passed { get; set; }

        public int Suppressed { get; set; }
    }
}
