using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RelayWorker.Capabilities;

/// <summary>
/// ffmpeg's capability listings kept on disk (<c>Relay__CapabilityCache</c>), so that a start on the same machine,
/// or from the same container image, validates its routes without running ffmpeg five times first. An entry is
/// valid only for the binary it was read from (path, size, modification time); the worker still lists the binary
/// once the routes have started and acts on any difference (<see cref="CapabilityRecheck"/>), which covers the
/// libraries behind an unchanged binary.
/// </summary>
internal static class CapabilityCacheFile
{
    /// <summary>Binaries remembered per file; test runs and upgrades add paths, and the oldest go first.</summary>
    private const int MaxEntries = 16;

    /// <summary>The capabilities remembered for <paramref name="binary"/>, or null (no file, no entry, a changed binary, an unreadable file).</summary>
    public static FfmpegCapabilities? Read(string cacheFile, FfmpegBinaryIdentity binary) =>
        Load(cacheFile).FirstOrDefault(entry => entry.Identity == binary)?.ToCapabilities();

    /// <summary>Remembers <paramref name="capabilities"/> for <paramref name="binary"/>; returns why it could not, or null.</summary>
    public static string? Write(string cacheFile, FfmpegBinaryIdentity binary, FfmpegCapabilities capabilities)
    {
        var entries = Load(cacheFile).Where(entry => entry.Path != binary.Path).Take(MaxEntries - 1).Prepend(CacheEntry.From(binary, capabilities));
        var temporary = $"{cacheFile}.{Environment.ProcessId}.tmp";
        try
        {
            if (Path.GetDirectoryName(cacheFile) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }
            File.WriteAllText(temporary, JsonSerializer.Serialize(new CacheContent([.. entries]), CapabilityCacheJsonContext.Default.CacheContent));
            // Renamed into place: a worker starting beside this one reads the old file or the new one, never half of one.
            File.Move(temporary, cacheFile, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return e.Message;
        }
    }

    private static CacheEntry[] Load(string cacheFile)
    {
        try
        {
            return File.Exists(cacheFile)
                ? JsonSerializer.Deserialize(File.ReadAllText(cacheFile), CapabilityCacheJsonContext.Default.CacheContent)?.Entries ?? []
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // A cache that cannot be read is a cache miss: ffmpeg is asked, and the file is written again.
            return [];
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing was written, or the directory is read-only: nothing to clean up either way.
        }
    }

    internal sealed record CacheContent(CacheEntry[] Entries);

    internal sealed record CacheEntry(
        string Path, long Length, long ModifiedTicks, string Version, string[] Protocols, string[] Muxers, string[] Encoders, string[] Filters)
    {
        [JsonIgnore]
        public FfmpegBinaryIdentity Identity => new(Path, Length, ModifiedTicks);

        public static CacheEntry From(FfmpegBinaryIdentity binary, FfmpegCapabilities ffmpeg) => new(
            binary.Path, binary.Length, binary.ModifiedTicks, ffmpeg.Version,
            [.. ffmpeg.Protocols.Order(StringComparer.Ordinal)], [.. ffmpeg.Muxers.Order(StringComparer.Ordinal)],
            [.. ffmpeg.Encoders.Order(StringComparer.Ordinal)], [.. ffmpeg.Filters.Order(StringComparer.Ordinal)]);

        public FfmpegCapabilities ToCapabilities() => new(
            Version, Protocols.ToFrozenSet(StringComparer.Ordinal), Muxers.ToFrozenSet(StringComparer.Ordinal),
            Encoders.ToFrozenSet(StringComparer.Ordinal), Filters.ToFrozenSet(StringComparer.Ordinal));
    }
}

/// <summary>Which ffmpeg a listing belongs to: replacing the file in place changes its size or time.</summary>
internal readonly record struct FfmpegBinaryIdentity(string Path, long Length, long ModifiedTicks)
{
    public static FfmpegBinaryIdentity Of(string file)
    {
        var info = new FileInfo(file);
        return new FfmpegBinaryIdentity(info.FullName, info.Length, info.LastWriteTimeUtc.Ticks);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(CapabilityCacheFile.CacheContent))]
internal sealed partial class CapabilityCacheJsonContext : JsonSerializerContext;
