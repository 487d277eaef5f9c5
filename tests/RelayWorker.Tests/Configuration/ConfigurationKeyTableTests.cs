using RelayWorker.Configuration;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Configuration;

/// <summary>
/// The key table on its own, with a section that has one key of every kind: each kind reads its value, rejects a bad
/// one with the message operators know (naming the key as an environment variable) and keeps the default, and an
/// unknown key at any depth names the keys of its own level in table order.
/// </summary>
public sealed class ConfigurationKeyTableTests
{
    private static readonly ConfigurationKeyTable<Inner> InnerTable = new ConfigurationKeyTable<Inner>()
        .Text("Url", (inner, value) => inner.Url = value)
        .Int("Port", (inner, value) => inner.Port = value);

    private static readonly ConfigurationKeyTable<Sample> Table = new ConfigurationKeyTable<Sample>()
        .Text("Name", (sample, value) => sample.Name = value)
        .Bool("Flag", (sample, value) => sample.Flag = value)
        .Int("Count", (sample, value) => sample.Count = value)
        .Duration("Wait", (sample, value) => sample.Wait = value)
        .List("Items", "item", sample => sample.Items)
        .Section("Inner", sample => sample.Inner, InnerTable)
        .Map("Entries", sample => sample.Entries, InnerTable)
        .SectionList("Hooks", "hook", sample => sample.Hooks, InnerTable);

    /// <summary>assignments, the one rendered field they must change (every other field keeps its default).</summary>
    public static TheoryData<string[], string> Values => new()
    {
        { ["Sample__Name=cam 1"], "Name=cam 1" },
        { ["Sample__Name="], "Name=" },
        { ["Sample__Flag=TRUE"], "Flag=True" },
        { ["Sample__Count=-3"], "Count=-3" },
        { ["Sample__Wait=00:00:02.500"], "Wait=00:00:02.5000000" },
        { ["Sample__Wait=1.00:00:00"], "Wait=1.00:00:00" },
        { ["Sample__Items__10=c", "Sample__Items__2=b", "Sample__Items__0=a"], "Items=a,b,c" },
        { ["Sample__Items__0= ", "Sample__Items__1=b"], "Items=b" },
        { ["Sample__Inner__Url=srt://sink:8890"], "Inner=srt://sink:8890/0" },
        { ["Sample__Inner__Port=9000"], "Inner=none/9000" },
        { ["Sample__Entries__one__Port=5", "Sample__Entries__two__Url=x"], "Entries=one:none/5,two:x/0" },
        { ["Sample__Hooks__1__Url=b", "Sample__Hooks__0__Port=1"], "Hooks=none/1,b/0" },
        { ["SAMPLE__flag=false", "sample__FLAG=true"], "Flag=True" },
    };

    /// <summary>assignment, the one problem it must cause word for word, the one field it still changes ("" for none).</summary>
    public static TheoryData<string, string, string> BadValues => new()
    {
        { "Sample__Flag=yes", "Sample__Flag: 'yes' is not true or false", "" },
        { "Sample__Flag=1", "Sample__Flag: '1' is not true or false", "" },
        { "Sample__Count=two", "Sample__Count: 'two' is not a whole number", "" },
        { "Sample__Count=1.5", "Sample__Count: '1.5' is not a whole number", "" },
        { "Sample__Count__x=1", "Sample__Count: '' is not a whole number", "" },
        { "Sample__Wait=5", "Sample__Wait: '5' is not a duration; use hh:mm:ss[.fff], e.g. 00:00:05", "" },
        { "Sample__Wait=5s", "Sample__Wait: '5s' is not a duration; use hh:mm:ss[.fff], e.g. 00:00:05", "" },
        { "Sample__Items__first=a", "Sample__Items__first: items are numbered: use Items__0, Items__1, …", "" },
        { "Sample__Items=a", "Sample__Items: a list: set each item by index, Items__0, Items__1, …", "" },
        { "Sample__Hooks__x__Url=a", "Sample__Hooks__x: hooks are numbered: use Hooks__0, Hooks__1, …", "" },
        { "Sample__Inner__Port=p", "Sample__Inner__Port: 'p' is not a whole number", "" },
        // The entry exists (it was named) with its defaults; only the bad value is left out.
        { "Sample__Entries__e__Port=p", "Sample__Entries__e__Port: 'p' is not a whole number", "Entries=e:none/0" },
        { "Sample__Hooks__0__Port=p", "Sample__Hooks__0__Port: 'p' is not a whole number", "Hooks=none/0" },
    };

    /// <summary>assignment of a misspelt key at each depth, the problem naming that level's keys in table order.</summary>
    public static TheoryData<string, string> UnknownKeys => new()
    {
        { "Sample__Nmae=x", "Sample__Nmae: unknown setting; expected one of Name, Flag, Count, Wait, Items, Inner, Entries, Hooks" },
        { "Sample__Inner__Uri=x", "Sample__Inner__Uri: unknown setting; expected one of Url, Port" },
        { "Sample__Entries__e__Uri=x", "Sample__Entries__e__Uri: unknown setting; expected one of Url, Port" },
        { "Sample__Hooks__0__Uri=x", "Sample__Hooks__0__Uri: unknown setting; expected one of Url, Port" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Read_EachKeyKind_SetsItsFieldOnly(string[] assignments, string expectedField)
    {
        var (sample, problems) = ReadSample(assignments);

        Assert.False(problems.Any, problems.ToMessage());
        AssertOnlyChanged(sample, expectedField);
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Read_BadValue_ReportsItUnderItsKeyAndKeepsTheDefault(string assignment, string expectedProblem, string changedField)
    {
        var (sample, problems) = ReadSample(assignment);

        Assert.Equal([expectedProblem], problems.All);
        AssertOnlyChanged(sample, changedField);
    }

    [Theory]
    [MemberData(nameof(UnknownKeys))]
    public void Read_UnknownKey_NamesTheKeysOfItsLevelInTableOrder(string assignment, string expectedProblem)
    {
        var (_, problems) = ReadSample(assignment);

        Assert.Equal([expectedProblem], problems.All);
    }

    [Fact]
    public void Read_SeveralMistakesAtEveryDepth_ReportsEveryOneAndReadsTheRest()
    {
        var (sample, problems) = ReadSample(
            "Sample__Flag=maybe",
            "Sample__Count=12",
            "Sample__Wait=10",
            "Sample__Inner__Port=eighty",
            "Sample__Inner__Url=kept",
            "Sample__Entries__e__Colour=red",
            "Sample__Hooks__x__Url=a",
            "Sample__Items__0=first",
            "Sample__Typo=1");

        string[] expected =
        [
            "Sample__Flag: 'maybe' is not true or false",
            "Sample__Wait: '10' is not a duration; use hh:mm:ss[.fff], e.g. 00:00:05",
            "Sample__Inner__Port: 'eighty' is not a whole number",
            "Sample__Entries__e__Colour: unknown setting; expected one of Url, Port",
            "Sample__Hooks__x: hooks are numbered: use Hooks__0, Hooks__1, …",
            "Sample__Typo: unknown setting; expected one of Name, Flag, Count, Wait, Items, Inner, Entries, Hooks",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), problems.All.Order(StringComparer.Ordinal));
        Assert.Equal((12, "kept", "first"), (sample.Count, sample.Inner.Url, Assert.Single(sample.Items)));
        Assert.Equal("none", sample.Entries["E"].Url);
    }

    [Fact]
    public void KnownKeys_EveryKind_ListsItsKeysWithPlaceholdersInTableOrder()
    {
        string[] expected =
        [
            "Sample__Name", "Sample__Flag", "Sample__Count", "Sample__Wait", "Sample__Items__<i>",
            "Sample__Inner__Url", "Sample__Inner__Port",
            "Sample__Entries__<name>__Url", "Sample__Entries__<name>__Port",
            "Sample__Hooks__<i>__Url", "Sample__Hooks__<i>__Port",
        ];

        Assert.Equal(expected, Table.KnownKeys("Sample"));
    }

    [Fact]
    public void Add_SameNameTwiceInAnyCase_IsRefused()
    {
        var table = new ConfigurationKeyTable<Inner>().Int("Port", (inner, value) => inner.Port = value);

        Assert.Throws<ArgumentException>(() => table.Int("PORT", (inner, value) => inner.Port = value));
    }

    private static (Sample Sample, ConfigurationProblems Problems) ReadSample(params string[] assignments)
    {
        var sample = new Sample();
        var problems = new ConfigurationProblems();
        Table.Read(EnvConfiguration.From(assignments).GetSection("Sample"), sample, problems);
        return (sample, problems);
    }

    /// <summary>Every field of <paramref name="sample"/> has its default except the one <paramref name="changedField"/> renders.</summary>
    private static void AssertOnlyChanged(Sample sample, string changedField)
    {
        var name = changedField.Split('=')[0];
        var expected = Render(new Sample()).Select(line => name.Length > 0 && line.StartsWith(name + "=", StringComparison.Ordinal) ? changedField : line);
        Assert.Equal(expected, Render(sample));
    }

    private static string[] Render(Sample sample) =>
    [
        $"Name={sample.Name}",
        $"Flag={sample.Flag}",
        $"Count={sample.Count}",
        $"Wait={sample.Wait}",
        $"Items={string.Join(',', sample.Items)}",
        $"Inner={sample.Inner}",
        $"Entries={string.Join(',', sample.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}:{e.Value}"))}",
        $"Hooks={string.Join(',', sample.Hooks)}",
    ];

    private sealed class Sample
    {
        public string? Name { get; set; } = "unset";

        public bool Flag { get; set; }

        public int Count { get; set; } = 7;

        public TimeSpan Wait { get; set; } = TimeSpan.FromSeconds(1);

        public List<string> Items { get; } = [];

        public Inner Inner { get; } = new();

        public Dictionary<string, Inner> Entries { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<Inner> Hooks { get; } = [];
    }

    private sealed class Inner
    {
        public string Url { get; set; } = "none";

        public int Port { get; set; }

        public override string ToString() => $"{Url}/{Port}";
    }
}
