using System.Globalization;

namespace RelayWorker.Configuration;

public static partial class RelayConfigurationReader
{
    private static void ReadRoutes(IConfigurationSection section, RelayOptions options, ConfigurationProblems problems)
    {
        foreach (var routeSection in section.GetChildren())
        {
            var route = new RouteOptions();
            foreach (var child in routeSection.GetChildren())
            {
                switch (child.Key.ToUpperInvariant())
                {
                    case "SOURCE":
                        route.Source = child.Value;
                        break;
                    case "DESTINATIONS":
                        ReadDestinations(child, route, problems);
                        break;
                    case "PROFILE":
                        route.Profile = child.Value ?? route.Profile;
                        break;
                    case "ENABLED":
                        route.Enabled = ReadBool(child, problems, route.Enabled);
                        break;
                    case "LISTEN":
                        route.Listen = ReadBool(child, problems, route.Listen);
                        break;
                    case "RENDITIONS":
                        ReadRenditions(child, route, problems);
                        break;
                    default:
                        Unknown(child, problems, "Source, Destinations, Profile, Enabled, Listen, Renditions");
                        break;
                }
            }
            options.Routes[routeSection.Key] = route;
        }
    }

    private static void ReadRenditions(IConfigurationSection section, RouteOptions route, ConfigurationProblems problems)
    {
        foreach (var renditionSection in section.GetChildren())
        {
            var rendition = new RenditionOptions();
            foreach (var child in renditionSection.GetChildren())
            {
                switch (child.Key.ToUpperInvariant())
                {
                    case "PROFILE":
                        rendition.Profile = child.Value ?? rendition.Profile;
                        break;
                    case "DESTINATIONS":
                        rendition.Destinations.AddRange(ReadIndexed(child, problems));
                        break;
                    default:
                        Unknown(child, problems, "Profile, Destinations");
                        break;
                }
            }
            route.Renditions[renditionSection.Key] = rendition;
        }
    }

    private static void ReadDestinations(IConfigurationSection section, RouteOptions route, ConfigurationProblems problems) =>
        route.Destinations.AddRange(ReadIndexed(section, problems));

    private static List<string> ReadIndexed(IConfigurationSection section, ConfigurationProblems problems)
    {
        // Indices order the list; a gap (0, 2) is tolerated, a non-number is a typo worth reporting.
        var indexed = new SortedDictionary<int, string>();
        foreach (var child in section.GetChildren())
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                problems.Add(KeyOf(child), "destinations are numbered: use Destinations__0, Destinations__1, …");
                continue;
            }
            if (!string.IsNullOrWhiteSpace(child.Value))
            {
                indexed[index] = child.Value;
            }
        }
        if (!string.IsNullOrEmpty(section.Value))
        {
            problems.Add(KeyOf(section), "a list: set each destination by index, Destinations__0, Destinations__1, …");
        }
        return [.. indexed.Values];
    }

    private static void ReadProfiles(IConfigurationSection section, RelayOptions options, ConfigurationProblems problems)
    {
        foreach (var profileSection in section.GetChildren())
        {
            var profile = new ProfileOptions();
            foreach (var child in profileSection.GetChildren())
            {
                switch (child.Key.ToUpperInvariant())
                {
                    case "WIDTH":
                        profile.Width = ReadInt(child, problems, profile.Width);
                        break;
                    case "HEIGHT":
                        profile.Height = ReadInt(child, problems, profile.Height);
                        break;
                    case "FPS":
                        profile.Fps = ReadInt(child, problems, profile.Fps);
                        break;
                    case "VIDEOKBPS":
                        profile.VideoKbps = ReadInt(child, problems, profile.VideoKbps);
                        break;
                    case "CODEC":
                        profile.Codec = child.Value ?? profile.Codec;
                        break;
                    case "KEYFRAMESECONDS":
                        profile.KeyframeSeconds = ReadInt(child, problems, profile.KeyframeSeconds);
                        break;
                    case "AUDIOKBPS":
                        profile.AudioKbps = ReadInt(child, problems, profile.AudioKbps);
                        break;
                    default:
                        Unknown(child, problems, "Width, Height, Fps, VideoKbps, Codec, KeyframeSeconds, AudioKbps");
                        break;
                }
            }
            options.Profiles[profileSection.Key] = profile;
        }
    }
}
