using RelayWorker.Configuration;
using RelayWorker.FFmpeg;
using RelayWorker.Media;

namespace RelayWorker.Capabilities;

/// <summary>
/// What each route needs from ffmpeg, checked against what this ffmpeg has. A route that needs a protocol, muxer,
/// encoder or filter the binary lacks would otherwise fail at every start with ffmpeg's own words ("Protocol not
/// found", "Unknown encoder") and be restarted forever; refused at validation, the operator reads which route, which
/// key and which capability instead.
/// </summary>
internal static class CapabilityRules
{
    /// <summary>Adds a problem for every enabled route whose settings are otherwise valid and need something
    /// <paramref name="ffmpeg"/> lacks. Routes with other problems are skipped: their settings are not yet a route.</summary>
    public static void Check(RelayOptions options, FfmpegCapabilities ffmpeg, ConfigurationProblems problems)
    {
        var valid = options.Routes
            .Where(r => r.Value.Enabled && !problems.All.Any(p => Mentions(p, r.Key)))
            .ToDictionary(r => r.Key, r => r.Value, StringComparer.OrdinalIgnoreCase);
        var routes = ConfiguredRoutes.Enabled(new RelayOptions { Routes = valid, Profiles = options.Profiles, Thumbnails = options.Thumbnails });
        foreach (var route in routes.Values.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            foreach (var (key, need) in Needs(route))
            {
                if (!need.IsPresentIn(ffmpeg))
                {
                    problems.Add(key, $"route '{route.Name}' needs {need.Describe()}, which this ffmpeg ({ffmpeg.Version}) does not have");
                }
            }
        }
    }

    /// <summary>Whether any enabled route is otherwise valid: only then is ffmpeg asked for its listings, so a configuration
    /// refused for other reasons is reported without waiting for five more runs of ffmpeg.</summary>
    public static bool AnyRouteToCheck(RelayOptions options, ConfigurationProblems problems) =>
        options.Routes.Any(r => r.Value.Enabled && !problems.All.Any(p => Mentions(p, r.Key)));

    /// <summary>Each capability the route's ffmpeg would use, with the key that asks for it.</summary>
    public static IEnumerable<(string Key, Capability Need)> Needs(RouteDefinition route)
    {
        var source = ConfigurationProblems.Key("Routes", route.Name, "Source");
        foreach (var need in SourceNeeds(route.Source))
        {
            yield return (source, need);
        }
        for (var i = 0; i < route.Destinations.Length; i++)
        {
            var key = ConfigurationProblems.Key("Routes", route.Name, "Destinations", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var need in DestinationNeeds(route.Destinations[i]))
            {
                yield return (key, need);
            }
        }
        var usesTee = route.Destinations.Length > 1 || route.Destinations.Any(DestinationOutput.IsListener) || !route.Renditions.IsEmpty;
        if (usesTee)
        {
            var key = ConfigurationProblems.Key("Routes", route.Name, "Destinations");
            yield return (key, Capability.Muxer("tee"));
            yield return (key, Capability.Muxer("fifo"));
        }
        foreach (var need in ProfileNeeds(ProfileCatalog.Effective(route.Source, route.Profile)))
        {
            yield return (ConfigurationProblems.Key("Routes", route.Name, "Profile"), need);
        }
        if (route.Thumbnail)
        {
            var key = ConfigurationProblems.Key("Thumbnails", "Enabled");
            yield return (key, Capability.Muxer("image2"));
            yield return (key, Capability.Encoder("mjpeg"));
            yield return (key, Capability.Filter("scale"));
        }
        foreach (var rendition in route.Renditions)
        {
            var prefix = new[] { "Routes", route.Name, "Renditions", rendition.Name };
            for (var i = 0; i < rendition.Destinations.Length; i++)
            {
                foreach (var need in DestinationNeeds(rendition.Destinations[i]))
                {
                    yield return (ConfigurationProblems.Key([.. prefix, "Destinations", i.ToString(System.Globalization.CultureInfo.InvariantCulture)]), need);
                }
            }
            foreach (var need in ProfileNeeds(rendition.Profile))
            {
                yield return (ConfigurationProblems.Key([.. prefix, "Profile"]), need);
            }
            if (!rendition.Profile.IsCopy)
            {
                yield return (ConfigurationProblems.Key([.. prefix, "Profile"]), Capability.Filter("split"));
            }
        }
    }

    private static IEnumerable<Capability> SourceNeeds(string source)
    {
        var scheme = SchemeOf(source);
        if (scheme == EndpointScheme.TestPattern)
        {
            return [Capability.Filter("testsrc2"), Capability.Filter("sine")];
        }
        return ProtocolFor(scheme) is { } protocol ? [protocol] : [];
    }

    private static IEnumerable<Capability> DestinationNeeds(string destination)
    {
        var scheme = SchemeOf(destination);
        var muxer = EndpointScheme.Find(scheme)?.Muxer;
        return new[] { ProtocolFor(scheme), muxer is null ? null : Capability.Muxer(muxer) }.OfType<Capability>();
    }

    /// <summary>The protocol ffmpeg opens for a scheme. RTSP is a demuxer and muxer over tcp; its TLS form needs tls.</summary>
    private static Capability? ProtocolFor(string scheme) => scheme switch
    {
        "rtmp" or "srt" or "udp" or "http" => Capability.Protocol(scheme),
        "rtmps" or "https" => Capability.Protocol(scheme),
        "rtsps" => Capability.Protocol("tls"),
        "hls" => Capability.Protocol("file"),
        _ => null,
    };

    private static IEnumerable<Capability> ProfileNeeds(VideoProfile profile)
    {
        if (profile.IsCopy)
        {
            yield break;
        }
        yield return Capability.Encoder(profile.Codec == VideoProfile.H265 ? "libx265" : "libx264");
        if (profile.AudioKbps > 0)
        {
            yield return Capability.Encoder("aac");
        }
        yield return Capability.Filter("scale");
        yield return Capability.Filter("setsar");
        yield return Capability.Filter("fps");
    }

    private static string SchemeOf(string url)
    {
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? url[..colon].ToLowerInvariant() : "";
    }

    private static bool Mentions(string problem, string route)
    {
        var key = ConfigurationProblems.Key("Routes", route);
        return problem.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase)
            || problem.StartsWith(key + "__", StringComparison.OrdinalIgnoreCase);
    }
}
