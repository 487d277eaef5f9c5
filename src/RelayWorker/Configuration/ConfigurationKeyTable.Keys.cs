using System.Globalization;

namespace RelayWorker.Configuration;

internal sealed partial class ConfigurationKeyTable<TTarget>
{
    /// <summary>One key of the table: how its section is read into the target, and which keys it stands for.</summary>
    private abstract class SettingKey(string name)
    {
        public string Name { get; } = name;

        public abstract void Read(IConfigurationSection section, TTarget target, ConfigurationProblems problems);

        /// <summary>The keys this one stands for, <paramref name="path"/> being its own.</summary>
        public abstract IEnumerable<string> KnownKeys(string path);
    }

    /// <summary>A single value; one that does not parse is reported and leaves the default in place.</summary>
    private sealed class ValueKey<TValue>(string name, SettingParser<TValue> parse, Action<TTarget, TValue> set) : SettingKey(name)
    {
        public override void Read(IConfigurationSection section, TTarget target, ConfigurationProblems problems)
        {
            if (parse(section, problems, out var value))
            {
                set(target, value);
            }
        }

        public override IEnumerable<string> KnownKeys(string path) => [path];
    }

    private sealed class SectionKey<TSection>(string name, Func<TTarget, TSection> section, ConfigurationKeyTable<TSection> table) : SettingKey(name)
    {
        public override void Read(IConfigurationSection child, TTarget target, ConfigurationProblems problems) =>
            table.Read(child, section(target), problems);

        public override IEnumerable<string> KnownKeys(string path) => table.KnownKeys(path);
    }

    private sealed class MapKey<TItem>(
        string name, Func<TTarget, IDictionary<string, TItem>> map, SettingParser<TItem> readEntry, Func<string, IEnumerable<string>> entryKeys)
        : SettingKey(name)
    {
        public override void Read(IConfigurationSection section, TTarget target, ConfigurationProblems problems)
        {
            foreach (var child in section.GetChildren())
            {
                if (readEntry(child, problems, out var entry))
                {
                    map(target)[child.Key] = entry;
                }
            }
        }

        public override IEnumerable<string> KnownKeys(string path) =>
            entryKeys(ConfigurationKeyPlaceholders.Join(path, ConfigurationKeyPlaceholders.Name));
    }

    private sealed class IndexedKey<TItem>(
        string name, string item, Func<TTarget, List<TItem>> list, SettingParser<TItem> readEntry, Func<string, IEnumerable<string>> entryKeys)
        : SettingKey(name)
    {
        public override void Read(IConfigurationSection section, TTarget target, ConfigurationProblems problems)
        {
            // Indices order the list; a gap (0, 2) is tolerated, a non-number is a typo worth reporting.
            var indexed = new SortedDictionary<int, TItem>();
            foreach (var child in section.GetChildren())
            {
                if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    problems.Add(SettingParsers.KeyOf(child), $"{item}s are numbered: use {Name}__0, {Name}__1, …");
                    continue;
                }
                if (readEntry(child, problems, out var entry))
                {
                    indexed[index] = entry;
                }
            }
            if (!string.IsNullOrEmpty(section.Value))
            {
                problems.Add(SettingParsers.KeyOf(section), $"a list: set each {item} by index, {Name}__0, {Name}__1, …");
            }
            list(target).AddRange(indexed.Values);
        }

        public override IEnumerable<string> KnownKeys(string path) =>
            entryKeys(ConfigurationKeyPlaceholders.Join(path, ConfigurationKeyPlaceholders.Index));
    }
}
