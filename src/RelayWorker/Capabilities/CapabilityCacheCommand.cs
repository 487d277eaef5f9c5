using Microsoft.Extensions.Options;
using RelayWorker.Configuration;

namespace RelayWorker.Capabilities;

/// <summary>
/// <c>RelayWorker --cache-ffmpeg-capabilities</c>: lists the configured ffmpeg, writes the listings to
/// <c>Relay__CapabilityCache</c> and exits. The container image runs it at build time, so every container starts
/// its first route without listing ffmpeg first, even on a read-only root filesystem.
/// </summary>
internal static class CapabilityCacheCommand
{
    public const string Switch = "--cache-ffmpeg-capabilities";

    public static (bool Requested, string[] HostArguments) Take(string[] args) =>
        (args.Contains(Switch, StringComparer.Ordinal), [.. args.Where(a => a != Switch)]);

    /// <summary>0 when the listings were written; 2, with a line that says why, when they could not be.</summary>
    public static int Run(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var relay = services.GetRequiredService<IOptionsMonitor<RelayOptions>>().CurrentValue;
        var ffmpeg = services.GetRequiredService<FfmpegBinaryCheck>();
        if (relay.CapabilityCache.Length == 0)
        {
            error.WriteLine($"{ConfigurationProblems.Key("CapabilityCache")} is empty: there is no file to write ffmpeg's listings to");
            return CapabilityRecheck.RefusedExitCode;
        }
        if (ffmpeg.ProblemWith(relay.FfmpegPath) is { } problem)
        {
            error.WriteLine($"{ConfigurationProblems.Key("FfmpegPath")}: {problem}");
            return CapabilityRecheck.RefusedExitCode;
        }
        // ProblemWith has just listed this binary (no cache file was given to it): the answer is remembered, not run again.
        if (ffmpeg.CapabilitiesOf(relay.FfmpegPath) is not { } capabilities)
        {
            error.WriteLine($"{ConfigurationProblems.Key("FfmpegPath")}: '{relay.FfmpegPath}' did not answer -protocols, -muxers, -encoders or -filters");
            return CapabilityRecheck.RefusedExitCode;
        }
        var file = FfmpegBinaryCheck.Resolve(relay.FfmpegPath)!;
        if (CapabilityCacheFile.Write(relay.CapabilityCache, FfmpegBinaryIdentity.Of(file), capabilities) is { } writeProblem)
        {
            error.WriteLine($"{ConfigurationProblems.Key("CapabilityCache")}: '{relay.CapabilityCache}' could not be written: {writeProblem}");
            return CapabilityRecheck.RefusedExitCode;
        }
        output.WriteLine($"{capabilities.Version} ({file}): {capabilities.Protocols.Count} protocols, {capabilities.Muxers.Count} muxers, "
            + $"{capabilities.Encoders.Count} encoders, {capabilities.Filters.Count} filters, written to {relay.CapabilityCache}");
        return 0;
    }
}
