using RelayWorker.Media;

namespace RelayWorker.Configuration;

/// <summary>Defaults, each with the reason it was chosen.</summary>
internal static class RelayDefaults
{
    /// <summary>Found on PATH in the container and on Debian/Ubuntu hosts.</summary>
    public const string FfmpegPath = "ffmpeg";

    /// <summary>
    /// The user's cache directory (XDG), so a restart on the same machine skips ffmpeg's five listings before the
    /// first route (BENCHMARKS.md, "Fast start"); empty when the process has no home to keep it in. The container
    /// image sets its own, written when the image is built.
    /// </summary>
    public static readonly string CapabilityCache = CacheDirectory() is { } directory
        ? Path.Combine(directory, "relayworker", "ffmpeg-capabilities.json")
        : "";

    public const string Profile = "copy";

    public const string LogFormat = "text";

    /// <summary>Short enough that a crashed child is replaced well under a second after its first failure.</summary>
    public static readonly TimeSpan RestartInitialDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>A dead upstream is probed twice a minute: cheap, yet recovery is never more than 30 s late.</summary>
    public static readonly TimeSpan RestartMaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>A minute of streaming is proof the route works again, so the next failure starts over fast.</summary>
    public static readonly TimeSpan RestartStableAfter = TimeSpan.FromSeconds(60);

    /// <summary>ffmpeg flushes and closes its outputs within a couple of seconds of SIGINT.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Longer than a 1 fps rung's frame gap and an RTMP server's publish hand-over.</summary>
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A start under load (many routes starting together) takes longer than a restart on an idle machine: loading
    /// ffmpeg, connecting, probing and waiting for a keyframe. Longer than StallTimeout so a slow start is not a stall.
    /// </summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Sixteen starting routes per core: a start is mostly waiting (connect, keyframe) with about 0.15 CPU seconds of
    /// ffmpeg loading itself, so this keeps both cores busy without leaving any start too little CPU to finish
    /// (BENCHMARKS.md, "Many routes").
    /// </summary>
    public static readonly int MaxStartingRoutes = 16 * Environment.ProcessorCount;

    /// <summary>ffmpeg runs behind the worker in the CPU queue, so supervision and probes answer under full load.</summary>
    public const int ChildNiceness = 10;

    /// <summary>The ladder's two-second GOP.</summary>
    public const int KeyframeSeconds = VideoProfile.DefaultKeyframeSeconds;

    public const int AudioKbps = VideoProfile.DefaultAudioKbps;

    /// <summary>No slate: a route without backups behaves as a plain route.</summary>
    public const string Slate = "none";

    /// <summary>A second without advancing media is a lost source, not a network hiccup a player would notice.</summary>
    public static readonly TimeSpan FailoverLossAfter = TimeSpan.FromSeconds(1);

    /// <summary>Long enough that a flapping primary does not cause a switch storm.</summary>
    public static readonly TimeSpan FailoverFailbackAfter = TimeSpan.FromSeconds(5);

    /// <summary>Longest duration accepted for any setting; anything longer is a typo, not a choice.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    private static string? CacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathFullyQualified(xdg))
        {
            return xdg;
        }
        var home = Environment.GetEnvironmentVariable("HOME");
        return string.IsNullOrEmpty(home) || !Path.IsPathFullyQualified(home) ? null : Path.Combine(home, ".cache");
    }
}
