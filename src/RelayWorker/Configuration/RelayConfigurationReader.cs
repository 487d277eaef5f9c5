using System.Globalization;

namespace RelayWorker.Configuration;

/// <summary>
/// Reads the <c>Relay</c> section by hand instead of with the configuration binder, because the binder
/// stops at the first value it cannot convert and silently ignores misspelt keys; an operator needs
/// every problem at once, including the key they misspelt.
/// </summary>
public static partial class RelayConfigurationReader
{
    public static RelayOptions Read(IConfiguration configuration, ConfigurationProblems problems)
    {
        var options = new RelayOptions();
        ReadInto(options, configuration, problems);
        return options;
    }

    /// <summary>Fills an options instance the options framework created.</summary>
    public static void ReadInto(RelayOptions options, IConfiguration configuration, ConfigurationProblems problems)
    {
        var section = configuration.GetSection(RelayOptions.SectionName);
        foreach (var child in section.GetChildren())
        {
            switch (child.Key.ToUpperInvariant())
            {
                case "ROUTES":
                    ReadRoutes(child, options, problems);
                    break;
                case "PROFILES":
                    ReadProfiles(child, options, problems);
                    break;
                case "FFMPEGPATH":
                    options.FfmpegPath = child.Value ?? options.FfmpegPath;
                    break;
                case "RESTART":
                    ReadRestart(child, options.Restart, problems);
                    break;
                case "STOPTIMEOUT":
                    options.StopTimeout = ReadDuration(child, problems, options.StopTimeout);
                    break;
                case "STALLTIMEOUT":
                    options.StallTimeout = ReadDuration(child, problems, options.StallTimeout);
                    break;
                case "LOGFORMAT":
                    options.LogFormat = child.Value ?? options.LogFormat;
                    break;
                case "SHARD":
                    ReadShard(child, options.Shard, problems);
                    break;
                default:
                    Unknown(child, problems, "FfmpegPath, Routes, Profiles, Restart, StopTimeout, StallTimeout, LogFormat, Shard");
                    break;
            }
        }
    }

    private static void ReadRestart(IConfigurationSection section, RestartOptions restart, ConfigurationProblems problems)
    {
        foreach (var child in section.GetChildren())
        {
            switch (child.Key.ToUpperInvariant())
            {
                case "INITIALDELAY":
                    restart.InitialDelay = ReadDuration(child, problems, restart.InitialDelay);
                    break;
                case "MAXDELAY":
                    restart.MaxDelay = ReadDuration(child, problems, restart.MaxDelay);
                    break;
                case "STABLEAFTER":
                    restart.StableAfter = ReadDuration(child, problems, restart.StableAfter);
                    break;
                default:
                    Unknown(child, problems, "InitialDelay, MaxDelay, StableAfter");
                    break;
            }
        }
    }

    private static void ReadShard(IConfigurationSection section, ShardOptions shard, ConfigurationProblems problems)
    {
        foreach (var child in section.GetChildren())
        {
            switch (child.Key.ToUpperInvariant())
            {
                case "INDEX":
                    shard.Index = ReadInt(child, problems, shard.Index);
                    break;
                case "COUNT":
                    shard.Count = ReadInt(child, problems, shard.Count);
                    break;
                default:
                    Unknown(child, problems, "Index, Count");
                    break;
            }
        }
    }

    internal static string KeyOf(IConfigurationSection section) => section.Path.Replace(":", "__", StringComparison.Ordinal);

    internal static void Unknown(IConfigurationSection section, ConfigurationProblems problems, string known) =>
        problems.Add(KeyOf(section), $"unknown setting; expected one of {known}");

    internal static TimeSpan ReadDuration(IConfigurationSection section, ConfigurationProblems problems, TimeSpan fallback)
    {
        // A bare number parses as days ("5" is five days): only the hh:mm:ss form is accepted.
        if (section.Value is { } text && text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        problems.Add(KeyOf(section), $"'{section.Value}' is not a duration; use hh:mm:ss[.fff], e.g. 00:00:05");
        return fallback;
    }

    internal static int ReadInt(IConfigurationSection section, ConfigurationProblems problems, int fallback)
    {
        if (int.TryParse(section.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        problems.Add(KeyOf(section), $"'{section.Value}' is not a whole number");
        return fallback;
    }

    internal static bool ReadBool(IConfigurationSection section, ConfigurationProblems problems, bool fallback)
    {
        if (bool.TryParse(section.Value, out var value))
        {
            return value;
        }
        problems.Add(KeyOf(section), $"'{section.Value}' is not true or false");
        return fallback;
    }
}
