using System.Diagnostics.CodeAnalysis;

namespace RelayWorker.Configuration;

/// <summary>
/// The keys one configuration section accepts, in the order an "unknown setting" message lists them, each with how
/// its value is read and where it goes. The same table reads the section, names the expected keys when a key is
/// misspelt, and lists every key there is, so the reader, its messages and the list of known keys cannot drift
/// apart: a new key is one line here and nowhere else.
/// </summary>
internal sealed partial class ConfigurationKeyTable<TTarget>
{
    private readonly List<SettingKey> _keys = [];
    private readonly Dictionary<string, SettingKey> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The key names in table order, as an "unknown setting" message lists them.</summary>
    public IEnumerable<string> Names => _keys.Select(key => key.Name);

    public ConfigurationKeyTable<TTarget> Text(string name, Action<TTarget, string> set) =>
        Add(new ValueKey<string>(name, SettingParsers.Text, set));

    public ConfigurationKeyTable<TTarget> Bool(string name, Action<TTarget, bool> set) =>
        Add(new ValueKey<bool>(name, SettingParsers.Bool, set));

    public ConfigurationKeyTable<TTarget> Int(string name, Action<TTarget, int> set) =>
        Add(new ValueKey<int>(name, SettingParsers.Int, set));

    /// <summary>A TimeSpan in <c>hh:mm:ss[.fff]</c> form.</summary>
    public ConfigurationKeyTable<TTarget> Duration(string name, Action<TTarget, TimeSpan> set) =>
        Add(new ValueKey<TimeSpan>(name, SettingParsers.Duration, set));

    /// <summary>Texts set by index (<c>Name__0</c>, <c>Name__1</c>, …), appended in index order; <paramref name="item"/> names one entry in messages.</summary>
    public ConfigurationKeyTable<TTarget> List(string name, string item, Func<TTarget, List<string>> list) =>
        Add(new IndexedKey<string>(name, item, list, SettingParsers.ListEntry, path => [path]));

    /// <summary>Sections set by index (<c>Name__0__Key</c>, …), each read with <paramref name="table"/>.</summary>
    public ConfigurationKeyTable<TTarget> SectionList<TItem>(string name, string item, Func<TTarget, List<TItem>> list, ConfigurationKeyTable<TItem> table)
        where TItem : new() =>
        Add(new IndexedKey<TItem>(name, item, list, ReadNew(table), table.KnownKeys));

    /// <summary>A nested section (<c>Name__Key</c>) read into the object <paramref name="section"/> returns.</summary>
    public ConfigurationKeyTable<TTarget> Section<TSection>(string name, Func<TTarget, TSection> section, ConfigurationKeyTable<TSection> table) =>
        Add(new SectionKey<TSection>(name, section, table));

    /// <summary>Sections keyed by a name the operator chooses (<c>Name__&lt;name&gt;__Key</c>), each read with <paramref name="table"/>.</summary>
    public ConfigurationKeyTable<TTarget> Map<TItem>(string name, Func<TTarget, IDictionary<string, TItem>> map, ConfigurationKeyTable<TItem> table)
        where TItem : new() =>
        Add(new MapKey<TItem>(name, map, ReadNew(table), table.KnownKeys));

    /// <summary>Reads every child of <paramref name="section"/> into <paramref name="target"/>; every problem is reported, none stops the reading.</summary>
    public void Read(IConfigurationSection section, TTarget target, ConfigurationProblems problems)
    {
        foreach (var child in section.GetChildren())
        {
            if (_byName.TryGetValue(child.Key, out var key))
            {
                key.Read(child, target, problems);
            }
            else
            {
                problems.Add(SettingParsers.KeyOf(child), $"unknown setting; expected one of {string.Join(", ", Names)}");
            }
        }
    }

    /// <summary>
    /// Every key below <paramref name="path"/> in environment-variable spelling, in table order, with
    /// <see cref="ConfigurationKeyPlaceholders.Name"/> and <see cref="ConfigurationKeyPlaceholders.Index"/> where the operator chooses.
    /// </summary>
    public IEnumerable<string> KnownKeys(string path) => _keys.SelectMany(key => key.KnownKeys(ConfigurationKeyPlaceholders.Join(path, key.Name)));

    private ConfigurationKeyTable<TTarget> Add(SettingKey key)
    {
        _byName.Add(key.Name, key);
        _keys.Add(key);
        return this;
    }

    /// <summary>A list or map entry: a new <typeparamref name="TItem"/> with its defaults, overlaid by what is set below it.</summary>
    private static SettingParser<TItem> ReadNew<TItem>(ConfigurationKeyTable<TItem> table)
        where TItem : new() =>
        (IConfigurationSection section, ConfigurationProblems problems, [MaybeNullWhen(false)] out TItem item) =>
        {
            item = new TItem();
            table.Read(section, item, problems);
            return true;
        };
}
