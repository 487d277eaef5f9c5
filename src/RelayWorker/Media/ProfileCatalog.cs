namespace RelayWorker.Media;

/// <summary>
/// The built-in low-bandwidth ladder, named &lt;height&gt;p&lt;fps&gt;, plus <c>copy</c> and the custom profiles
/// from configuration. A rung fixes the height; its width follows the source's display aspect (the sizes listed
/// here are what a 16:9 source gets). The names <c>228p…</c> of an earlier 512x228 rung are accepted as
/// deprecated aliases (<see cref="ProfileAliases"/>).
/// </summary>
internal static class ProfileCatalog
{
    public const string CopyName = "copy";

    public static readonly VideoProfile Copy = new(CopyName, 0, 0, 0, 0);

    public static readonly IReadOnlyList<VideoProfile> Ladder =
    [
        Rung(256, 144, 1, 6), Rung(256, 144, 4, 20),
        Rung(512, 288, 1, 20), Rung(512, 288, 6, 80), Rung(512, 288, 12, 125), Rung(512, 288, 25, 250),
        Rung(1024, 576, 1, 120), Rung(1024, 576, 6, 300), Rung(1024, 576, 12, 500), Rung(1024, 576, 25, 750),
        Rung(1280, 720, 1, 150), Rung(1280, 720, 6, 450), Rung(1280, 720, 12, 650), Rung(1280, 720, 25, 1400),
        Rung(1920, 1080, 1, 400), Rung(1920, 1080, 6, 1000), Rung(1920, 1080, 12, 1800), Rung(1920, 1080, 25, 3000),
    ];

    private static readonly Dictionary<string, VideoProfile> LadderByName =
        Ladder.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>A synthetic source has nothing to copy; the demo encodes it as the 720p25 rung.</summary>
    public static VideoProfile TestPatternProfile => LadderByName["720p25"];

    /// <summary>The profile ffmpeg actually encodes for a source: a test pattern cannot be copied.</summary>
    public static VideoProfile Effective(string source, VideoProfile profile) =>
        profile.IsCopy && source.StartsWith(EndpointScheme.TestPattern + "://", StringComparison.OrdinalIgnoreCase) ? TestPatternProfile : profile;

    public static string LadderSummary => $"{Ladder[0].Name} … {Ladder[^1].Name}";

    public static bool IsBuiltIn(string name) =>
        string.Equals(name, CopyName, StringComparison.OrdinalIgnoreCase)
        || LadderByName.ContainsKey(ProfileAliases.Canonical(name));

    /// <summary>The built-in profile of that name (<c>copy</c> or a rung), or null.</summary>
    public static VideoProfile? FindBuiltIn(string name) =>
        string.Equals(name, CopyName, StringComparison.OrdinalIgnoreCase) ? Copy : LadderByName.GetValueOrDefault(ProfileAliases.Canonical(name));

    // Audio scaled to the rung: 64 kbit/s of AAC would be three times the video of 144p4 and swamp the
    // links the low rungs exist for.
    private static VideoProfile Rung(int width, int height, int fps, int kbps) =>
        new($"{height}p{fps}", width, height, fps, kbps, AudioKbps: LadderAudioKbps(kbps)) { FollowsSourceAspect = true };

    public static int LadderAudioKbps(int videoKbps) => videoKbps switch
    {
        < 100 => 16,
        < 400 => 32,
        _ => VideoProfile.DefaultAudioKbps,
    };
}
