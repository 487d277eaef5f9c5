using System.Globalization;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Faults;

/// <summary>
/// Every case of <see cref="BadConfigurationCorpus"/> against the real worker binary: it must refuse to start, with
/// one message that names the key the way the operator set it, and start no ffmpeg.
/// </summary>
[Collection(TestLanes.Main)]
public sealed class BadConfigurationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Cases => BadConfigurationCorpus.Names();

    [Fact]
    public void Corpus_HasAtLeastThirtyDistinctCases()
    {
        Assert.True(BadConfigurationCorpus.Cases.Count >= 30, $"{BadConfigurationCorpus.Cases.Count} cases");
        Assert.Equal(BadConfigurationCorpus.Cases.Count, BadConfigurationCorpus.Cases.Select(c => c.Name).Distinct().Count());
    }

    [Theory(Timeout = 40_000)]
    [MemberData(nameof(Cases))]
    public async Task Worker_BadConfiguration_ExitsNonZeroWithTheKeyAndReasonAndStartsNoChild(string name)
    {
        var bad = BadConfigurationCorpus.Find(name);
        await using var worker = WorkerProcess.Start(bad.Environment());
        using var report = worker.ReportTo(output);

        var exitCode = await WaitForRefusalAsync(worker);

        var log = worker.Output;
        Assert.NotEqual(0, exitCode);
        Assert.Contains(bad.Expected, log, StringComparison.Ordinal);
        var plural = bad.Problems == 1 ? "problem" : "problems";
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Invalid configuration ({bad.Problems} {plural}):"), log, StringComparison.Ordinal);
        Assert.DoesNotContain("ffmpeg started", log, StringComparison.Ordinal);
        if (bad.Secret is not null)
        {
            Assert.DoesNotContain(bad.Secret, log, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = 40_000)]
    public async Task Worker_FiveProblemsAtOnce_ListsAllFiveInOneMessage()
    {
        string[] expected =
        [
            "Relay__StallTimout: unknown setting",
            "Relay__StopTimeout: 00:00:00 is too short",
            "Relay__Shard__Count: 0 replicas",
            "Relay__Routes__cam1__Source: scheme 'ftp' cannot be read",
            "Relay__Routes__cam2__Destinations__0: SRT needs an explicit port",
        ];
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("cam1", "ftp://127.0.0.1/feed", "srt://127.0.0.1:8890?pkt_size=1316")
            .Route("cam2", "rtmp://127.0.0.1:1935/live/cam2", "srt://127.0.0.1?pkt_size=1316")
            .Set("Relay__StallTimout", "00:00:05")
            .Set("Relay__StopTimeout", "00:00:00")
            .Set("Relay__Shard__Count", "0")
            .Build());
        using var report = worker.ReportTo(output);

        Assert.NotEqual(0, await WaitForRefusalAsync(worker));

        // One message: the header line, then exactly its five items.
        var lines = worker.Lines();
        var header = lines.ToList().FindIndex(line => line.Contains("Invalid configuration (5 problems):", StringComparison.Ordinal));
        Assert.True(header >= 0, "no 'Invalid configuration (5 problems):' line");
        var items = lines.Skip(header + 1).Take(5).ToList();
        Assert.All(items, item => Assert.StartsWith("  - ", item, StringComparison.Ordinal));
        foreach (var fragment in expected)
        {
            Assert.Single(items, item => item.Contains(fragment, StringComparison.Ordinal));
        }
        Assert.DoesNotContain("ffmpeg started", worker.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The exit code once the worker has refused to start. A worker that accepts the configuration instead is
    /// reported at once, rather than after a timeout.
    /// </summary>
    private static async Task<int> WaitForRefusalAsync(WorkerProcess worker)
    {
        await Poll.UntilAsync(
            () => worker.HasExited || worker.Lines().Any(line => line.Contains("Application started", StringComparison.Ordinal) || line.Contains("ffmpeg started", StringComparison.Ordinal)),
            ExitTimeout,
            "the worker to exit");
        Assert.True(worker.HasExited, "the worker accepted the configuration and started");
        return await worker.WaitForExitAsync(TimeSpan.FromSeconds(5));
    }
}
