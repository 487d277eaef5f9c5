namespace RelayWorker.FFmpeg;

/// <summary>
/// A source joined mid-GOP starts with frames that reference a picture or parameter set sent before the
/// join; ffmpeg's probe decodes them and logs "non-existing PPS 0 referenced" and "decode_slice_header
/// error" at error level until the first keyframe. That is expected on every start and not the user's
/// problem, so until the run's media first advances these lines are demoted to Debug (and do not become
/// the route's last error). After that the same lines mean real corruption and keep their level.
/// Thread-safe: media progress and stderr are read on different threads.
/// </summary>
internal sealed class StartupDecoderNoise
{
    // Video decoders whose start-up complaints are known; their context is "[h264 @ 0x…]".
    private static readonly string[] Decoders = ["[h264 @ ", "[hevc @ ", "[mpeg2video @ ", "[mpeg4 @ "];

    private static readonly string[] Phrases =
    [
        "non-existing PPS", "non-existing SPS", "decode_slice_header error", "no frame!", "SPS unavailable",
        "PPS unavailable", "Could not find ref with POC", "missing picture in access unit", "error while decoding MB",
        "concealing", "Invalid NAL unit size", "PPS id out of range", "First slice in a frame missing",
    ];

    private volatile bool _mediaStarted;

    public bool MediaStarted => _mediaStarted;

    /// <summary>The run's media advanced: from now on decoder errors are real.</summary>
    public void MarkMediaStarted() => _mediaStarted = true;

    public FfmpegLogLine Apply(FfmpegLogLine line) =>
        !_mediaStarted && line.Level >= LogLevel.Warning && IsDecoderStartupComplaint(line.Text)
            ? line with { Level = LogLevel.Debug }
            : line;

    internal static bool IsDecoderStartupComplaint(string text) =>
        Decoders.Any(d => text.StartsWith(d, StringComparison.Ordinal))
        && Phrases.Any(p => text.Contains(p, StringComparison.Ordinal));
}
