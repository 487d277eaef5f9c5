namespace RelayWorker.FFmpeg;

/// <summary>Stream selection and codecs: a remux for <c>copy</c>, the guide's constant-rate encode otherwise.</summary>
internal static class CodecArguments
{
    /// <summary>A synthetic source has nothing to copy; the demo encodes it as the 720p25 rung.</summary>
    public static readonly VideoProfile TestPatternProfile = ProfileCatalog.Ladder.Single(p => p.Name == "720p25");

    public static void Add(List<string> args, string source, VideoProfile profile)
    {
        if (TestPatternSource.IsTestPattern(source))
        {
            args.AddRange(["-map", "0:v", "-map", "1:a"]);
            Encode(args, profile.IsCopy ? TestPatternProfile : profile);
            return;
        }
        if (profile.IsCopy)
        {
            // Optional maps: an audio-only or video-only source still relays; data streams (timed ID3,
            // SCTE-35) are left out because FLV and RTSP cannot carry them.
            args.AddRange(["-map", "0:v?", "-map", "0:a?", "-c", "copy"]);
            return;
        }
        args.AddRange(["-map", "0:v:0", "-map", "0:a:0?"]);
        Encode(args, profile);
    }

    private static void Encode(List<string> args, VideoProfile profile)
    {
        var kbps = FfmpegArguments.Number(profile.VideoKbps) + "k";
        var gop = FfmpegArguments.Number(profile.KeyframeInterval);
        args.AddRange([
            "-vf", $"scale={profile.Width}:{profile.Height},setsar=1,fps={profile.Fps}",
            "-c:v", profile.Codec == VideoProfile.H265 ? "libx265" : "libx264",
            "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
            // Constant rate (b = min = max) with a one-frame buffer: the guide's recipe for links that
            // cannot absorb bursts.
            "-b:v", kbps, "-minrate", kbps, "-maxrate", kbps,
            "-bufsize", FfmpegArguments.Number(profile.BufferKbits) + "k",
            // Fixed GOP: a keyframe exactly every KeyframeSeconds, also across scene cuts.
            "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
        ]);
        if (profile.AudioKbps == 0)
        {
            args.Add("-an");
        }
        else
        {
            args.AddRange(["-c:a", "aac", "-b:a", FfmpegArguments.Number(profile.AudioKbps) + "k", "-ar", "48000"]);
        }
    }
}
