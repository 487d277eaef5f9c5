using System.Globalization;

namespace RelayWorker.TestSupport;

/// <summary>One stream as ffprobe reports it; the counts are present only when they were asked for.</summary>
internal sealed record ProbeStream(
    int Index,
    string CodecType,
    string? CodecName,
    int? Width,
    int? Height,
    string? AvgFrameRate,
    long? BitRate,
    long? PacketCount,
    long? FrameCount,
    string? SampleAspectRatio = null,
    string? DisplayAspectRatio = null)
{
    /// <summary>avg_frame_rate ("25/1") as a number; null for "0/0", which ffprobe prints for audio and unknown rates.</summary>
    public double? FramesPerSecond
    {
        get
        {
            var parts = AvgFrameRate?.Split('/');
            if (parts is not [var numerator, var denominator]
                || !double.TryParse(numerator, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                || !double.TryParse(denominator, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                || d == 0)
            {
                return null;
            }
            return n / d;
        }
    }
}
