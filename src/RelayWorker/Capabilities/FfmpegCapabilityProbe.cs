using System.Collections.Concurrent;
using CliWrap;
using CliWrap.Buffered;

namespace RelayWorker.Capabilities;

/// <summary>
/// Asks an ffmpeg binary for its capabilities, once per binary: the listings are remembered by the file's path,
/// size and modification time, so a reload that keeps the same ffmpeg does not run it five more times, and an
/// ffmpeg replaced in place is asked again. With a cache file the listings are also remembered across starts.
/// </summary>
internal sealed class FfmpegCapabilityProbe
{
    private static readonly TimeSpan ListingTimeout = TimeSpan.FromSeconds(10);

    private static readonly string[] ListingOptions = ["-version", "-protocols", "-muxers", "-encoders", "-filters"];

    private readonly ConcurrentDictionary<FfmpegBinaryIdentity, Known> _known = new();

    /// <summary>Why the cache file could not be written, once per failure; the listings are used all the same.</summary>
    public event Action<string, string>? CacheNotWritten;

    /// <summary>A binary's listings were taken from the cache file (binary, cache file).</summary>
    public event Action<string, string>? ReadFromCache;

    /// <summary>The capabilities of <paramref name="file"/> (an existing, executable path), or null when one of its
    /// listings cannot be read (then the binary check has already said what is wrong with it).</summary>
    public FfmpegCapabilities? Of(string file, string cacheFile = "")
    {
        var identity = FfmpegBinaryIdentity.Of(file);
        if (_known.TryGetValue(identity, out var known))
        {
            return known.Capabilities;
        }
        if (cacheFile.Length > 0 && CapabilityCacheFile.Read(cacheFile, identity) is { } cached)
        {
            _known[identity] = new Known(cached, FromCache: true);
            ReadFromCache?.Invoke(identity.Path, cacheFile);
            return cached;
        }
        return ProbeAndRemember(identity, cacheFile);
    }

    /// <summary>Whether what <see cref="Of"/> answers for <paramref name="file"/> was read from the cache file rather than from ffmpeg.</summary>
    public bool CameFromCache(string file) =>
        _known.TryGetValue(FfmpegBinaryIdentity.Of(file), out var known) && known.FromCache;

    /// <summary>Runs the listings again whatever is remembered, and remembers the answer (null: they could not be read).</summary>
    public FfmpegCapabilities? Refresh(string file, string cacheFile = "") =>
        ProbeAndRemember(FfmpegBinaryIdentity.Of(file), cacheFile);

    private FfmpegCapabilities? ProbeAndRemember(FfmpegBinaryIdentity identity, string cacheFile)
    {
        var probed = Probe(identity.Path);
        if (probed is null)
        {
            return null;
        }
        _known[identity] = new Known(probed, FromCache: false);
        // Written only when it would change: a confirming listing on a read-only file (the container image's) is no failure.
        if (cacheFile.Length > 0 && CapabilityCacheFile.Read(cacheFile, identity)?.SameAs(probed) != true
            && CapabilityCacheFile.Write(cacheFile, identity, probed) is { } problem)
        {
            CacheNotWritten?.Invoke(cacheFile, problem);
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

    private sealed record Known(FfmpegCapabilities Capabilities, bool FromCache);
}
