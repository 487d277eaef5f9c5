using System.Collections.Frozen;
using System.Security.Cryptography;

namespace RelayWorker.Console;

/// <summary>
/// The page's files, embedded in the assembly (no build step, nothing fetched from elsewhere: the page works
/// offline). Each is read once and served with a strong ETag.
/// </summary>
internal static class ConsoleAssets
{
    private const string Prefix = "console/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Lazy<FrozenDictionary<string, Asset>> All = new(Load);

    /// <summary>An embedded file by name (<c>console.js</c>), or null.</summary>
    public static Asset? Find(string name) => All.Value.GetValueOrDefault(name);

    /// <summary>The text of an embedded file that must exist.</summary>
    public static string Text(string name) =>
        Find(name) is { } asset ? System.Text.Encoding.UTF8.GetString(asset.Content) : throw new InvalidOperationException($"console asset {name} is not embedded");

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var name = resource[Prefix.Length..];
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            assets[name] = new Asset(content, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

/// <summary>One embedded file.</summary>
internal sealed record Asset(byte[] Content, string ContentType, string ETag);
