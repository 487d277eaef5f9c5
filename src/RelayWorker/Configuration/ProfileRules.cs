using RelayWorker.Media;

namespace RelayWorker.Configuration;

/// <summary>Limits for custom profiles: wide enough for any real stream, narrow enough to catch typos.</summary>
internal static class ProfileRules
{
    public static void Validate(string name, ProfileOptions profile, ConfigurationProblems problems)
    {
        string Key(string setting) => ConfigurationProblems.Key("Profiles", name, setting);
        if (ProfileCatalog.IsBuiltIn(name))
        {
            problems.Add(ConfigurationProblems.Key("Profiles", name), "this name is a built-in profile; choose another name");
        }
        // x264 and x265 need even dimensions for yuv420p.
        Range(problems, Key("Width"), profile.Width, 16, 7680, even: true);
        Range(problems, Key("Height"), profile.Height, 16, 4320, even: true);
        Range(problems, Key("Fps"), profile.Fps, 1, 120);
        Range(problems, Key("VideoKbps"), profile.VideoKbps, 1, 100_000);
        Range(problems, Key("KeyframeSeconds"), profile.KeyframeSeconds, 1, 60);
        if (profile.AudioKbps != 0)
        {
            Range(problems, Key("AudioKbps"), profile.AudioKbps, 8, 512);
        }
        if (!string.Equals(profile.Codec, VideoProfile.H264, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(profile.Codec, VideoProfile.H265, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(Key("Codec"), $"'{profile.Codec}' is not h264 or h265");
        }
    }

    private static void Range(ConfigurationProblems problems, string key, int value, int min, int max, bool even = false)
    {
        if (value < min || value > max)
        {
            problems.Add(key, value == 0 ? $"missing; set {min}..{max}" : $"{value} is outside {min}..{max}");
        }
        else if (even && value % 2 != 0)
        {
            problems.Add(key, $"{value} is odd; H.264/H.265 with yuv420p need an even number");
        }
    }
}
