using Microsoft.Extensions.Options;
using RelayWorker.Configuration;

namespace RelayWorker.Capabilities;

/// <summary>
/// When the configuration was judged against listings read from the cache file, lists ffmpeg for real once the
/// routes have had their start, so a cache that no longer tells the truth (ffmpeg's libraries upgraded behind an
/// unchanged binary) is found within seconds. The cache is rewritten; if the configuration in force now needs
/// something this ffmpeg lacks, the worker stops with the same message and exit code as a refused start, and the
/// next start refuses it before any route runs.
/// </summary>
internal sealed partial class CapabilityRecheck(
    IOptionsMonitor<RelayOptions> options, FfmpegBinaryCheck ffmpeg, IHostApplicationLifetime lifetime, WorkerExitCode exitCode,
    TimeProvider time, ILogger<CapabilityRecheck> logger) : BackgroundService
{
    /// <summary>After the first routes' ffmpegs have loaded: the five listings then do not compete with them for the CPU.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(10);

    /// <summary>The exit code of a refused configuration (Program.cs).</summary>
    public const int RefusedExitCode = 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Delay, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var relay = options.CurrentValue;
        if (!ffmpeg.CapabilitiesCameFromCache(relay.FfmpegPath) || ffmpeg.CapabilitiesOf(relay.FfmpegPath, relay.CapabilityCache) is not { } cached)
        {
            return;
        }
        // The listings block a pool thread for about a tenth of a second; the worker has others.
        var fresh = await Task.Run(() => ffmpeg.RefreshCapabilities(relay.FfmpegPath, relay.CapabilityCache), stoppingToken);
        if (fresh is null || fresh.SameAs(cached))
        {
            LogConfirmed(logger, relay.FfmpegPath);
            return;
        }
        LogChanged(logger, relay.FfmpegPath, relay.CapabilityCache, cached.Version, fresh.Version);
        var problems = new ConfigurationProblems();
        CapabilityRules.Check(relay, fresh, problems);
        if (problems.Any)
        {
            var message = problems.ToMessage();
            LogRefused(logger, message);
            exitCode.Set(RefusedExitCode);
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The capability listings of {FfmpegPath} read from the cache match ffmpeg's own")]
    private static partial void LogConfirmed(ILogger logger, string ffmpegPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FfmpegPath} lists other capabilities than {CacheFile} remembered ({CachedVersion}, now {Version}); the cache is rewritten and the routes are checked again")]
    private static partial void LogChanged(ILogger logger, string ffmpegPath, string cacheFile, string cachedVersion, string version);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The configuration in force needs what this ffmpeg no longer has; stopping. {Problems}")]
    private static partial void LogRefused(ILogger logger, string problems);
}
