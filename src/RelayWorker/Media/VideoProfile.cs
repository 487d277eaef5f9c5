namespace RelayWorker.Media;

/// <summary>How a route re-encodes its media; <see cref="ProfileCatalog.Copy"/> means it does not.</summary>
internal sealed record VideoProfile(
    string Name,
    int Width,
    int Height,
    int Fps,
    int VideoKbps,
    string Codec = VideoProfile.H264,
    int KeyframeSeconds = VideoProfile.DefaultKeyframeSeconds,
    int AudioKbps = VideoProfile.DefaultAudioKbps)
{
    public const string H264 = "h264";
    public const string H265 = "h265";

    /// <summary>A two-second GOP: a viewer joins within two seconds.</summary>
    public const int DefaultKeyframeSeconds = 2;

    public const int DefaultAudioKbps = 64;

    public bool IsCopy => Name == ProfileCatalog.CopyName;

    /// <summary>
    /// Ladder rungs keep the source's display aspect: <see cref="Height"/> is fixed and the width is computed
    /// from the source, so a 4:3 or portrait source is not stretched to 16:9 and <see cref="Width"/> is only
    /// what a 16:9 source gets. Custom profiles encode exactly <see cref="Width"/>x<see cref="Height"/>.
    /// </summary>
    public bool FollowsSourceAspect { get; init; }

    /// <summary>The ladder's rule (README "Profiles"): a buffer of one frame's worth of bits keeps the rate constant.</summary>
    public int BufferKbits => Math.Max(1, VideoKbps / Math.Max(1, Fps));

    /// <summary>The ladder's rule (README "Profiles"): a keyframe every <see cref="KeyframeSeconds"/> seconds.</summary>
    public int KeyframeInterval => Math.Max(1, Fps * KeyframeSeconds);
}
