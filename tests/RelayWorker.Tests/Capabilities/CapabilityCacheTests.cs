using System.Collections.Frozen;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RelayWorker.Capabilities;
using RelayWorker.Configuration;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Capabilities;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CapabilityCacheTests : IDisposable
{
    private const int Listings = 5;

    private readonly FakeFfmpegScript _ffmpeg = new();
    private readonly DirectoryInfo _cacheDirectory = Directory.CreateTempSubdirectory("relayworker-capability-cache-");

    private string CacheFile => Path.Combine(_cacheDirectory.FullName, "nested", "ffmpeg-capabilities.json");

    [Fact]
    public void ASecondProcess_ReadsTheListingsTheFirstWrote_WithoutRunningFfmpeg()
    {
        var first = new FfmpegBinaryCheck().CapabilitiesOf(_ffmpeg.Path, CacheFile);
        Assert.Equal(Listings, _ffmpeg.Runs);
        Assert.True(File.Exists(CacheFile));

        var second = new FfmpegBinaryCheck();
        var cached = second.CapabilitiesOf(_ffmpeg.Path, CacheFile);

        Assert.Equal(Listings, _ffmpeg.Runs);
        Assert.NotNull(first);
        Assert.NotNull(cached);
        Assert.True(cached.SameAs(first));
        Assert.True(second.CapabilitiesCameFromCache(_ffmpeg.Path));
    }

    [Fact]
    public void ProblemWith_ACachedBinary_RunsNothing()
    {
        new FfmpegBinaryCheck().CapabilitiesOf(_ffmpeg.Path, CacheFile);

        Assert.Null(new FfmpegBinaryCheck().ProblemWith(_ffmpeg.Path, CacheFile));
        Assert.Equal(Listings, _ffmpeg.Runs);
    }

    [Fact]
    public void ABinaryReplacedInPlace_IsListedAgain()
    {
        new FfmpegBinaryCheck().CapabilitiesOf(_ffmpeg.Path, CacheFile);
        _ffmpeg.Replace();

        var check = new FfmpegBinaryCheck();
        check.CapabilitiesOf(_ffmpeg.Path, CacheFile);

        Assert.Equal(2 * Listings, _ffmpeg.Runs);
        Assert.False(check.CapabilitiesCameFromCache(_ffmpeg.Path));
    }

    [Fact]
    public void AConfirmingListing_LeavesTheFileAlone()
    {
        // The container image's file is on a read-only root: confirming it must not try to write it.
        new FfmpegBinaryCheck().CapabilitiesOf(_ffmpeg.Path, CacheFile);
        var marked = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(CacheFile, marked);

        Assert.NotNull(new FfmpegBinaryCheck().RefreshCapabilities(_ffmpeg.Path, CacheFile));

        Assert.Equal(2 * Listings, _ffmpeg.Runs);
        Assert.Equal(marked, File.GetLastWriteTimeUtc(CacheFile));
    }

    [Fact]
    public void AnUnreadableCacheFile_IsAMiss_AndIsWrittenAgain()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CacheFile)!);
        File.WriteAllText(CacheFile, "{ not json");

        Assert.NotNull(new FfmpegBinaryCheck().CapabilitiesOf(_ffmpeg.Path, CacheFile));
        Assert.NotNull(new FfmpegBinaryCheck().CapabilitiesOf(_ffmpeg.Path, CacheFile));

        Assert.Equal(Listings, _ffmpeg.Runs);
    }

    [Fact]
    public void NoCacheFile_ListsFfmpegInEveryProcess()
    {
        new FfmpegBinaryCheck().CapabilitiesOf(_ffmpeg.Path);
        new FfmpegBinaryCheck().CapabilitiesOf(_ffmpeg.Path);

        Assert.Equal(2 * Listings, _ffmpeg.Runs);
    }

    [Fact]
    public void Write_WhereNoFileCanBe_SaysWhy_AndTheListingsAreStillAnswered()
    {
        // A directory that is a regular file: no user, root included, can create anything under it.
        var blocker = Path.Combine(_cacheDirectory.FullName, "a-file");
        File.WriteAllText(blocker, "");
        var unwritable = Path.Combine(blocker, "ffmpeg-capabilities.json");

        Assert.NotNull(CapabilityCacheFile.Write(unwritable, FfmpegBinaryIdentity.Of(_ffmpeg.Path), Reduced()));
        Assert.NotNull(new FfmpegBinaryCheck().CapabilitiesOf(_ffmpeg.Path, unwritable));
    }

    [Fact]
    public void Gate_ARefusalReadFromTheCache_IsConfirmedByFfmpegBeforeItStands()
    {
        string[] settings =
        [
            $"Relay__FfmpegPath={_ffmpeg.Path}",
            $"Relay__CapabilityCache={CacheFile}",
            "Relay__Routes__srtin__Source=srt://127.0.0.1:9000",
            "Relay__Routes__srtin__Destinations__0=udp://127.0.0.1:9",
        ];

        var first = new ConfigurationGate(new FfmpegBinaryCheck()).Judge(EnvConfiguration.Options(EnvConfiguration.From(settings)));
        Assert.Equal(Listings, _ffmpeg.Runs);
        var second = new ConfigurationGate(new FfmpegBinaryCheck()).Judge(EnvConfiguration.Options(EnvConfiguration.From(settings)));

        Assert.False(first.Accepted);
        Assert.Equal(first.Problems.ToMessage(), second.Problems.ToMessage());
        Assert.Contains("route 'srtin' needs the srt protocol", second.Problems.ToMessage(), StringComparison.Ordinal);
        Assert.Equal(2 * Listings, _ffmpeg.Runs);
    }

    [Fact]
    public void Gate_ACacheThatClaimsTooLittle_DoesNotRefuseWhatFfmpegCanRun()
    {
        // Remembered without rtmp: a cache written for an older build of the same binary path.
        CapabilityCacheFile.Write(CacheFile, FfmpegBinaryIdentity.Of(_ffmpeg.Path), Reduced() with { Protocols = FrozenSet.Create("file", "udp") });
        var verdict = new ConfigurationGate(new FfmpegBinaryCheck()).Judge(EnvConfiguration.Options(EnvConfiguration.From(
            $"Relay__FfmpegPath={_ffmpeg.Path}",
            $"Relay__CapabilityCache={CacheFile}",
            "Relay__Routes__a__Source=rtmp://127.0.0.1/live/a",
            "Relay__Routes__a__Destinations__0=udp://127.0.0.1:9")));

        Assert.True(verdict.Accepted, verdict.Problems.ToMessage());
        Assert.Equal(Listings, _ffmpeg.Runs);
        Assert.Contains("rtmp", CapabilityCacheFile.Read(CacheFile, FfmpegBinaryIdentity.Of(_ffmpeg.Path))!.Protocols.ToList());
    }

    [Fact]
    public void Gate_ACachedBinaryThatHasWhatTheRoutesNeed_IsAcceptedWithoutRunningIt()
    {
        string[] settings =
        [
            $"Relay__FfmpegPath={_ffmpeg.Path}",
            $"Relay__CapabilityCache={CacheFile}",
            "Relay__Routes__a__Source=rtmp://127.0.0.1/live/a",
            "Relay__Routes__a__Destinations__0=udp://127.0.0.1:9",
        ];
        Assert.True(new ConfigurationGate(new FfmpegBinaryCheck()).Judge(EnvConfiguration.Options(EnvConfiguration.From(settings))).Accepted);

        Assert.True(new ConfigurationGate(new FfmpegBinaryCheck()).Judge(EnvConfiguration.Options(EnvConfiguration.From(settings))).Accepted);
        Assert.Equal(Listings, _ffmpeg.Runs);
    }

    [Fact]
    public void Validation_ARelativeCachePath_IsRefusedNamingTheKey()
    {
        var problems = EnvConfiguration.Problems(EnvConfiguration.From(
            "Relay__CapabilityCache=cache/ffmpeg.json",
            "Relay__Routes__a__Source=rtmp://127.0.0.1/live/a",
            "Relay__Routes__a__Destinations__0=udp://127.0.0.1:9"));

        Assert.Contains("Relay__CapabilityCache: 'cache/ffmpeg.json' is not an absolute path", problems.ToMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recheck_ACacheThatClaimsTooMuch_StopsTheWorkerWithTheRefusalAndRewritesTheCache()
    {
        // The cache says this ffmpeg has srt; the binary itself does not (a library swapped behind the binary).
        CapabilityCacheFile.Write(CacheFile, FfmpegBinaryIdentity.Of(_ffmpeg.Path), Reduced() with { Protocols = Reduced().Protocols.Append("srt").ToFrozenSet() });
        var options = EnvConfiguration.Options(EnvConfiguration.From(
            $"Relay__FfmpegPath={_ffmpeg.Path}",
            $"Relay__CapabilityCache={CacheFile}",
            "Relay__Routes__srtin__Source=srt://127.0.0.1:9000",
            "Relay__Routes__srtin__Destinations__0=udp://127.0.0.1:9"));
        var check = new FfmpegBinaryCheck();
        Assert.True(new ConfigurationGate(check).Judge(options).Accepted);
        Assert.Equal(0, _ffmpeg.Runs);

        var (recheck, lifetime, exitCode, time) = Recheck(options, check);
        await RunToTheEndAsync(recheck, time);

        Assert.True(lifetime.StopRequested);
        Assert.Equal(CapabilityRecheck.RefusedExitCode, exitCode.Code);
        Assert.Equal(Listings, _ffmpeg.Runs);
        Assert.DoesNotContain("srt", CapabilityCacheFile.Read(CacheFile, FfmpegBinaryIdentity.Of(_ffmpeg.Path))!.Protocols.ToList());
    }

    [Fact]
    public async Task Recheck_ACacheThatTellsTheTruth_LeavesTheWorkerRunning()
    {
        var options = EnvConfiguration.Options(EnvConfiguration.From(
            $"Relay__FfmpegPath={_ffmpeg.Path}",
            $"Relay__CapabilityCache={CacheFile}",
            "Relay__Routes__a__Source=rtmp://127.0.0.1/live/a",
            "Relay__Routes__a__Destinations__0=udp://127.0.0.1:9"));
        new FfmpegBinaryCheck().CapabilitiesOf(_ffmpeg.Path, CacheFile);
        var check = new FfmpegBinaryCheck();
        Assert.True(new ConfigurationGate(check).Judge(options).Accepted);

        var (recheck, lifetime, exitCode, time) = Recheck(options, check);
        await RunToTheEndAsync(recheck, time);

        Assert.False(lifetime.StopRequested);
        Assert.Equal(0, exitCode.Code);
        Assert.Equal(2 * Listings, _ffmpeg.Runs);
    }

    public void Dispose()
    {
        _ffmpeg.Dispose();
        _cacheDirectory.Delete(recursive: true);
    }

    /// <summary>The service waits on the fake clock from a thread of its own: the clock is moved on until it is done.</summary>
    private static async Task RunToTheEndAsync(CapabilityRecheck recheck, FakeTimeProvider time)
    {
        await recheck.StartAsync(CancellationToken.None);
        await Eventually.True(() =>
        {
            time.Advance(CapabilityRecheck.Delay);
            return recheck.ExecuteTask!.IsCompleted;
        }, "the recheck to finish", TimeSpan.FromSeconds(30));
        await recheck.ExecuteTask!;
    }

    private static (CapabilityRecheck, StopRecordingLifetime, WorkerExitCode, FakeTimeProvider) Recheck(RelayOptions options, FfmpegBinaryCheck check)
    {
        var lifetime = new StopRecordingLifetime();
        var exitCode = new WorkerExitCode();
        var time = new FakeTimeProvider();
        var monitor = new StaticOptionsMonitor(options);
        return (new CapabilityRecheck(monitor, check, lifetime, exitCode, time, NullLogger<CapabilityRecheck>.Instance), lifetime, exitCode, time);
    }

    /// <summary>What <see cref="FakeFfmpegScript"/> lists.</summary>
    private static FfmpegCapabilities Reduced() => new(
        "ffmpeg version 4.4-reduced",
        FrozenSet.Create("file", "rtmp", "tcp", "udp"),
        FrozenSet.Create("fifo", "flv", "mpegts", "tee"),
        FrozenSet.Create("aac", "libx264"),
        FrozenSet.Create("fps", "scale", "setsar", "sine", "split", "testsrc2"));

    private sealed class StopRecordingLifetime : IHostApplicationLifetime
    {
        public bool StopRequested { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => StopRequested = true;
    }

    private sealed class StaticOptionsMonitor(RelayOptions value) : IOptionsMonitor<RelayOptions>
    {
        public RelayOptions CurrentValue => value;

        public RelayOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<RelayOptions, string?> listener) => null;
    }
}
