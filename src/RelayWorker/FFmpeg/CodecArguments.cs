using RelayWorker.Media;

namespace RelayWorker.FFmpeg;

/// <summary>Stream selection and codecs: a remux for <c>copy</c>, the ladder's constant-rate encode (README "Profiles") otherwise.</summary>
internal static class CodecArguments
{
    public static void Add(List<string> args, string source, VideoProfile profile)
    {
        if (TestPatternSource.IsTestPattern(source))
        {
            args.AddRange(["-map", "0:v", "-map", "1:a"]);
            var encoded = EffectiveProfile(source, profile);
            args.AddRange(["-vf", VideoFilter(encoded)]);
            args.AddRange(EncoderOptions(encoded));
            return;
        }
        if (profile.IsCopy)
        {
            args.AddRange(CopyOptions());
            return;
        }
        args.AddRange(["-map", "0:v:0", "-map", "0:a:0?", "-vf", VideoFilter(profile)]);
        args.AddRange(EncoderOptions(profile));
    }

    /// <summary>Optional maps: an audio-only or video-only source still relays; data streams (timed ID3,
    /// SCTE-35) are left out because FLV and RTSP cannot carry them.</summary>
    public static string[] CopyOptions() => ["-map", "0:v?", "-map", "0:a?", "-c", "copy"];

    /// <summary>The profile actually encoded: a test pattern cannot be copied.</summary>
    public static VideoProfile EffectiveProfile(string source, VideoProfile profile) => ProfileCatalog.Effective(source, profile);

    public static string VideoFilter(VideoProfile profile) =>
        $"scale={ScaleSize(profile)},setsar=1,fps={profile.Fps}";

    /// <summary>
    /// For a rung, the width is the height times the source's display aspect (<c>dar</c> is storage width ×
    /// sample aspect / height, so anamorphic sources count too), rounded to an even number for yuv420p; with
    /// setsar=1 the pixels are square. ffmpeg evaluates it per input, so no probe is needed. (<c>-2</c> would
    /// follow the storage aspect only and stretch an anamorphic source.)
    /// </summary>
    private static string ScaleSize(VideoProfile profile)
    {
        var height = FfmpegArguments.Number(profile.Height);
        return profile.FollowsSourceAspect
            ? $"w=round({height}*dar/2)*2:h={height}"
            : $"{FfmpegArguments.Number(profile.Width)}:{height}";
    }

    public static List<string> EncoderOptions(VideoProfile profile)
    {
        var kbps = FfmpegArguments.Number(profile.VideoKbps) + "k";
        var gop = FfmpegArguments.Number(profile.KeyframeInterval);
        var options = new List<string>
        {
            "-c:v", profile.Codec == VideoProfile.H265 ? "libx265" : "libx264",
            "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
            // Constant rate (b = min = max) with a one-frame buffer: the README's recipe for links that
            // cannot absorb bursts.
            "-b:v", kbps, "-minrate", kbps, "-maxrate", kbps,
            "-bufsize", FfmpegArguments.Number(profile.BufferKbits) + "k",
            // Fixed GOP: a keyframe exactly every KeyframeSeconds, also across scene cuts.
            "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
        };
        // Without HRD signalling x264 treats maxrate as a ceiling only: measured here, 144p4 came out at
        // 12 kbit/s and 228p12 (then 512x228) at 78 instead of 20 and 125. nal-hrd=cbr makes the rate truly constant
        // (padding with filler), which is what a fixed-capacity link is sized for.
        options.AddRange(profile.Codec == VideoProfile.H265
            ? ["-x265-params", "strict-cbr=1:hrd=1"]
            : ["-x264-params", "nal-hrd=cbr"]);
        if (profile.AudioKbps == 0)
        {
            options.Add("-an");
        }
        else
        {
            options.AddRange(["-c:a", "aac", "-b:a", FfmpegArguments.Number(profile.AudioKbps) + "k", "-ar", "48000"]);
            if (profile.AudioKbps < 24)
            {
                // At 16 kbit/s AAC-LC has too few bits for two channels; mono keeps speech intelligible.
                options.AddRange(["-ac", "1"]);
            }
        }
        return options;
    }
}
