using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RelayWorker.Configuration;

/// <summary>
/// Reads one value of a configuration key. A value that cannot be read is reported to <paramref name="problems"/>
/// under the key's environment-variable name and leaves the setting at its default, so reading goes on and the
/// operator sees every problem at once.
/// </summary>
internal delegate bool SettingParser<TValue>(IConfigurationSection section, ConfigurationProblems problems, [MaybeNullWhen(false)] out TValue value);

/// <summary>The value kinds configuration keys have, each with the message an operator sees when a value does not parse.</summary>
internal static class SettingParsers
{
    /// <summary>The environment-variable spelling of a section's path: <c>Relay__Routes__cam1__Source</c>.</summary>
    public static string KeyOf(IConfigurationSection section) => section.Path.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>
    /// Any text; a key that has only children (<c>Relay__FfmpegPath__x=…</c>) has no value of its own and keeps
    /// the default. Rules on the text (empty, one of a set) belong to the validator, which sees the whole picture.
    /// </summary>
    public static bool Text(IConfigurationSection section, ConfigurationProblems problems, [MaybeNullWhen(false)] out string value)
    {
        value = section.Value;
        return value is not null;
    }

    public static bool Bool(IConfigurationSection section, ConfigurationProblems problems, out bool value)
    {
        if (bool.TryParse(section.Value, out value))
        {
            return true;
        }
        problems.Add(KeyOf(section), $"'{section.Value}' is not true or false");
        return false;
    }

    public static bool Int(IConfigurationSection section, ConfigurationProblems problems, out int value)
    {
        if (int.TryParse(section.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        problems.Add(KeyOf(section), $"'{section.Value}' is not a whole number");
        return false;
    }

    public static bool Duration(IConfigurationSection section, ConfigurationProblems problems, out TimeSpan value)
    {
        // A bare number parses as days ("5" is five days): only the hh:mm:ss form is accepted.
        if (section.Value is { } text && text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        problems.Add(KeyOf(section), $"'{section.Value}' is not a duration; use hh:mm:ss[.fff], e.g. 00:00:05");
        value = default;
        return false;
    }

    /// <summary>One entry of an indexed list of texts: a blank entry is left out, as if it were not set.</summary>
    public static bool ListEntry(IConfigurationSection section, ConfigurationProblems problems, [MaybeNullWhen(false)] out string value)
    {
        value = section.Value;
        return !string.IsNullOrWhiteSpace(value);
    }
}
