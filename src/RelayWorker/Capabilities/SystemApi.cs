using System.Reflection;
using Microsoft.Extensions.Options;
using RelayWorker.Configuration;
using RelayWorker.Status;

namespace RelayWorker.Capabilities;

/// <summary><c>GET /api/system</c>: which worker and which ffmpeg this replica runs, and its share of the routes.</summary>
internal static class SystemApi
{
    private static readonly string WorkerVersion =
        typeof(SystemApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(SystemApi).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static WebApplication MapSystemApi(this WebApplication app)
    {
        app.MapGet("/api/system", (IOptionsMonitor<RelayOptions> options, FfmpegBinaryCheck ffmpeg, RouteStatusRegistry registry) =>
        {
            var relay = options.CurrentValue;
            // Remembered per binary: this runs ffmpeg only if the binary changed since the configuration was judged.
            var capabilities = ffmpeg.CapabilitiesOf(relay.FfmpegPath, relay.CapabilityCache);
            return new SystemDto(
                WorkerVersion,
                new FfmpegDto(relay.FfmpegPath, capabilities?.Version, capabilities is null ? null : CapabilitiesDto.From(capabilities)),
                new ShardDto(relay.Shard.Index, relay.Shard.Count),
                new RouteCountsDto(registry.ConfiguredCount, registry.OwnedCount));
        })
            .WithSummary("Worker and ffmpeg versions, ffmpeg's relevant capabilities, shard, configured and owned routes");
        return app;
    }
}

internal sealed record SystemDto(string Version, FfmpegDto Ffmpeg, ShardDto Shard, RouteCountsDto Routes);

/// <summary>The ffmpeg in force; version and capabilities are null when it could not be asked.</summary>
internal sealed record FfmpegDto(string Path, string? Version, CapabilitiesDto? Capabilities);

internal sealed record ShardDto(int Index, int Count);

internal sealed record RouteCountsDto(int Configured, int Owned);

/// <summary>Whether each capability RelayWorker may use is present: the subset that decides which routes can run.</summary>
internal sealed record CapabilitiesDto(
    IReadOnlyDictionary<string, bool> Protocols,
    IReadOnlyDictionary<string, bool> Muxers,
    IReadOnlyDictionary<string, bool> Encoders,
    IReadOnlyDictionary<string, bool> Filters)
{
    public static CapabilitiesDto From(FfmpegCapabilities ffmpeg) => new(
        FfmpegCapabilities.RelevantProtocols.ToDictionary(n => n, ffmpeg.Protocols.Contains),
        FfmpegCapabilities.RelevantMuxers.ToDictionary(n => n, ffmpeg.Muxers.Contains),
        FfmpegCapabilities.RelevantEncoders.ToDictionary(n => n, ffmpeg.Encoders.Contains),
        FfmpegCapabilities.RelevantFilters.ToDictionary(n => n, ffmpeg.Filters.Contains));
}
