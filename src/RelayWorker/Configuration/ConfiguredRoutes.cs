using RelayWorker.Media;

namespace RelayWorker.Configuration;

/// <summary>Turns accepted options into the immutable route definitions the supervisor runs.</summary>
internal static class ConfiguredRoutes
{
    /// <summary>The enabled routes of options that <see cref="RelayOptionsValidator"/> accepted.</summary>
    public static IReadOnlyDictionary<string, RouteDefinition> Enabled(RelayOptions options) =>
        WithThumbnails(options, options.Routes
            .Where(r => r.Value.Enabled)
            .ToDictionary(
                r => r.Key,
                r => new RouteDefinition(
                    r.Key,
                    r.Value.Source!,
                    [.. r.Value.Destinations],
                    ResolveProfile(r.Value.Profile, options.Profiles),
                    r.Value.Listen)
                {
                    Renditions = [.. r.Value.Renditions
                        .OrderBy(x => x.Key, StringComparer.Ordinal)
                        .Select(x => new Rendition(x.Key, ResolveProfile(x.Value.Profile, options.Profiles), [.. x.Value.Destinations]))],
                    Backups = [.. r.Value.Backups],
                    Slate = r.Value.Slate,
                },
                StringComparer.OrdinalIgnoreCase));

    private static Dictionary<string, RouteDefinition> WithThumbnails(RelayOptions options, Dictionary<string, RouteDefinition> routes) =>
        options.Thumbnails.Enabled
            ? routes.ToDictionary(r => r.Key, r => r.Value with { Thumbnail = Thumbnails.ThumbnailArguments.Applies(r.Value) }, StringComparer.OrdinalIgnoreCase)
            : routes;

    public static bool ProfileExists(string name, IReadOnlyDictionary<string, ProfileOptions> custom) =>
        ProfileCatalog.IsBuiltIn(name) || custom.ContainsKey(name);

    /// <summary>Resolves a name already checked by <see cref="ProfileExists"/>.</summary>
    public static VideoProfile ResolveProfile(string name, IReadOnlyDictionary<string, ProfileOptions> custom)
    {
        if (ProfileCatalog.FindBuiltIn(name) is { } builtIn)
        {
            return builtIn;
        }
        var p = custom[name];
        return new VideoProfile(name, p.Width, p.Height, p.Fps, p.VideoKbps, p.Codec.ToLowerInvariant(), p.KeyframeSeconds, p.AudioKbps);
    }
}
