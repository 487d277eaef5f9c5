using System.Collections.Concurrent;
using CliWrap;
using CliWrap.Buffered;

namespace RelayWorker.Capabilities;

/// <summary>
/// Asks an ffmpeg binary for its capabilities, once per binary: the listings are remembered by the file's path,
/// size and modification time, so a reload that keeps the same ffmpeg does not run it five more times, and an
/// ffmpeg replaced in place is asked again.
/// </summary>
internal sealed class FfmpegCapabilityProbe
{
    private static readonly TimeSpan ListingTimeout = TimeSpan.FromSeconds(10);

    private static readonly string[] ListingOptions = ["-version", "-protocols", "-muxers", "-encoders", "-filters"];

    private readonly ConcurrentDictionary<(string Path, long Length, DateTime Modified), FfmpegCapabilities> _known = new();

    /// <summary>The capabilities of <paramref name="file"/> (an existing, executable path), or null when one of its
    /// listings cannot be read (then the binary check has already said what is wrong with it).</summary>
    public FfmpegCapabilities? Of(string file)
    {
        var info = new FileInfo(file);
        var identity = (info.FullName, info.Length, info.LastWriteTimeUtc);
        if (_known.TryGetValue(identity, out var known))
        {
            return known;
        }
        var probed = Probe(file);
        if (probed is not null)
        {
            _known[identity] = probed;
        }
        return probed;
    }

    private static FfmpegCapabilities? Probe(string file)
    {
        // The five listings at once: validation at start waits for the slowest, not for their sum.
        var listings = ListingOptions
            .Select(option => Task.Run(() => Listing(file, option)))
            .ToArray();
        Task.WaitAll(listings);
        var (version, protocols, muxers, encoders, filters) =
            (listings[0].Result, listings[1].Result, listings[2].Result, listings[3].Result, listings[4].Result);
        if (version is null || protocols is null || muxers is null || encoders is null || filters is null)
        {
            return null;
        }
        return new FfmpegCapabilities(
            FfmpegCapabilityParser.Version(version),
            FfmpegCapabilityParser.Protocols(protocols),
            FfmpegCapabilityParser.Muxers(muxers),
            FfmpegCapabilityParser.Encoders(encoders),
            FfmpegCapabilityParser.Filters(filters));
    }

    private static string? Listing(string file, string option)
    {
        try
        {
            using var timeout = new CancellationTokenSource(ListingTimeout);
            var result = Cli.Wrap(file).WithArguments(["-hide_banner", option])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(timeout.Token).GetAwaiter().GetResult();
            return result.ExitCode == 0 ? result.StandardOutput : null;
        }
        catch (Exception e) when (e is OperationCanceledException or System.ComponentModel.Win32Exception or CliWrap.Exceptions.CliWrapException or IOException)
        {
            return null;
        }
    }
}
