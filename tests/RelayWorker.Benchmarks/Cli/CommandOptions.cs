using System.Globalization;

namespace RelayWorker.Benchmarks.Cli;

/// <summary>
/// `--name value` (or `--name=value`) options of one command. Every number is range-checked, so a typo cannot start
/// an unbounded run on a shared machine, and an unknown option is an error rather than silently ignored.
/// </summary>
internal sealed class CommandOptions
{
    private readonly Dictionary<string, string> _values;

    private CommandOptions(Dictionary<string, string> values) => _values = values;

    public static CommandOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}'");
            }
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[arg[2..equals]] = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                values[arg[2..]] = args[++i];
            }
            else
            {
                throw new UsageException($"option '{arg}' needs a value");
            }
        }
        return new CommandOptions(values);
    }

    public void RejectUnknown(params string[] known)
    {
        var unknown = _values.Keys.Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option(s): {string.Join(", ", unknown.Select(k => "--" + k))}; known: {string.Join(", ", known.Select(k => "--" + k))}");
        }
    }

    public int Int(string name, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a whole number from {min} to {max}, not '{text}'");
        }
        return value;
    }

    public IReadOnlyList<int> Ints(string name, IReadOnlyList<int> fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }
        var values = new List<int>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                throw new UsageException($"--{name} takes a comma list of whole numbers from {min} to {max}, not '{text}'");
            }
            values.Add(value);
        }
        return values.Count > 0 ? values : throw new UsageException($"--{name} is empty");
    }

    /// <summary>The full path of a file that must exist, or null when the option is absent.</summary>
    public string? ExistingFile(string name)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return null;
        }
        var path = Path.GetFullPath(text);
        return File.Exists(path) ? path : throw new UsageException($"--{name}: no file at '{text}'");
    }

    /// <summary>A comma list whose every item must be one of <paramref name="allowed"/>.</summary>
    public IReadOnlyList<string> Choices(string name, IReadOnlyList<string> fallback, params string[] allowed)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var wrong = items.Where(i => !allowed.Contains(i)).ToList();
        return wrong.Count == 0 && items.Length > 0
            ? items
            : throw new UsageException($"--{name} takes a comma list of {string.Join(", ", allowed)}, not '{text}'");
    }

    /// <summary>A range of seconds written "low-high" (e.g. 15-45), both within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public (TimeSpan Low, TimeSpan High) SecondsRange(string name, (int Low, int High) fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return (TimeSpan.FromSeconds(fallback.Low), TimeSpan.FromSeconds(fallback.High));
        }
        var parts = text.Split('-');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var low)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var high)
            && low >= min && high <= max && low <= high)
        {
            return (TimeSpan.FromSeconds(low), TimeSpan.FromSeconds(high));
        }
        throw new UsageException($"--{name} must be LOW-HIGH seconds within {min}-{max}, not '{text}'");
    }

    /// <summary>A duration in seconds, or in .NET's hh:mm:ss[.fff] form.</summary>
    public TimeSpan Duration(string name, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }
        TimeSpan value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
        }
        else if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value))
        {
            throw new UsageException($"--{name} must be seconds or hh:mm:ss, not '{text}'");
        }
        return value >= min && value <= max
            ? value
            : throw new UsageException($"--{name} must be from {min} to {max}, not '{text}'");
    }
}
