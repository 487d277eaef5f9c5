using System.Text.RegularExpressions;
using RelayWorker.Media;

namespace RelayWorker.Configuration;

/// <summary>
/// Every rule that spans keys or routes, in one place. Runs at start (a problem stops the service before
/// any ffmpeg starts) and on each configuration reload (a bad reload is refused and the running routes
/// keep streaming).
/// </summary>
public static partial class RelayOptionsValidator
{
    // Route names become log properties and metric labels: keep them short and shell/URL-safe.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")]
    private static partial Regex RouteNamePattern();

    public static void Validate(RelayOptions options, ConfigurationProblems problems)
    {
        ValidateGlobals(options, problems);
        EventsRules.Validate(options.Events, problems);
        foreach (var (name, profile) in options.Profiles)
        {
            ProfileRules.Validate(name, profile, problems);
        }
        foreach (var (name, route) in options.Routes)
        {
            ValidateRoute(name, route, options, problems);
        }
    }

    private static void ValidateGlobals(RelayOptions options, ConfigurationProblems problems)
    {
        if (string.IsNullOrWhiteSpace(options.FfmpegPath))
        {
            problems.Add(ConfigurationProblems.Key("FfmpegPath"), "empty; leave it unset to use ffmpeg from PATH");
        }
        var restart = options.Restart;
        // Zero would restart a dead source in a hot loop.
        Duration(problems, restart.InitialDelay, TimeSpan.FromMilliseconds(10), "Restart", "InitialDelay");
        Duration(problems, restart.MaxDelay, TimeSpan.FromMilliseconds(1), "Restart", "MaxDelay");
        Duration(problems, restart.StableAfter, TimeSpan.FromSeconds(1), "Restart", "StableAfter");
        if (restart.MaxDelay < restart.InitialDelay)
        {
            problems.Add(ConfigurationProblems.Key("Restart", "MaxDelay"),
                $"{restart.MaxDelay} is shorter than Restart__InitialDelay {restart.InitialDelay}");
        }
        Duration(problems, options.StopTimeout, TimeSpan.FromMilliseconds(100), "StopTimeout");
        Duration(problems, options.StallTimeout, TimeSpan.FromSeconds(1), "StallTimeout");
        Duration(problems, options.StartTimeout, TimeSpan.FromSeconds(1), "StartTimeout");
        if (options.MaxStartingRoutes is < 1 or > MaxStartingRoutesLimit)
        {
            problems.Add(ConfigurationProblems.Key("MaxStartingRoutes"),
                $"{options.MaxStartingRoutes} routes; must be 1 to {MaxStartingRoutesLimit} (the default on this machine is {RelayDefaults.MaxStartingRoutes})");
        }
        if (options.CapabilityCache.Length > 0 && !Path.IsPathFullyQualified(options.CapabilityCache))
        {
            problems.Add(ConfigurationProblems.Key("CapabilityCache"),
                $"'{options.CapabilityCache}' is not an absolute path (empty: ffmpeg's listings are not remembered across starts)");
        }
        if (options.ChildNiceness is < 0 or > 19)
        {
            problems.Add(ConfigurationProblems.Key("ChildNiceness"), $"{options.ChildNiceness} is outside 0..19 (0 runs ffmpeg at the worker's own priority)");
        }
        if (!options.LogFormat.Equals("text", StringComparison.OrdinalIgnoreCase) && !options.LogFormat.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(ConfigurationProblems.Key("LogFormat"), $"'{options.LogFormat}' is not text or json");
        }
        Control.ApiToken.Validate(options.Api, problems);
        ValidateFailover(options.Failover, problems);
        if (options.Shard.Count < 1)
        {
            problems.Add(ConfigurationProblems.Key("Shard", "Count"), $"{options.Shard.Count} replicas; must be at least 1");
        }
        else if (options.Shard.Index < 0 || options.Shard.Index >= options.Shard.Count)
        {
            problems.Add(ConfigurationProblems.Key("Shard", "Index"),
                $"{options.Shard.Index} is outside 0..{options.Shard.Count - 1} (Shard__Count is {options.Shard.Count})");
        }
    }

    /// <summary>Far above what any machine starts at once; a larger number is a typo.</summary>
    private const int MaxStartingRoutesLimit = 10_000;

    private static void Duration(ConfigurationProblems problems, TimeSpan value, TimeSpan minimum, params string[] key)
    {
        if (value < minimum)
        {
            var why = value < TimeSpan.Zero ? "negative" : "too short";
            problems.Add(ConfigurationProblems.Key(key), $"{value} is {why}; the least accepted is {minimum}");
        }
        else if (value > RelayDefaults.MaxDuration)
        {
            problems.Add(ConfigurationProblems.Key(key), $"{value} is absurdly long; the most accepted is {RelayDefaults.MaxDuration}");
        }
    }

    private static void ValidateRoute(string name, RouteOptions route, RelayOptions options, ConfigurationProblems problems)
    {
        if (!RouteNamePattern().IsMatch(name))
        {
            problems.Add(ConfigurationProblems.Key("Routes", name),
                "route name must be 1-63 letters, digits, '_', '-' or '.', starting with a letter or digit");
        }
        ValidateSource(name, route, problems);
        ValidateContinuity(name, route, problems);
        if (route.Destinations.Count == 0 && route.Renditions.Count == 0)
        {
            problems.Add(ConfigurationProblems.Key("Routes", name, "Destinations"),
                "no destination; set Destinations__0 to where the route should send its media");
        }
        ValidateOutput(problems, options, route.Destinations, route.Profile, "Routes", name);
        foreach (var (renditionName, rendition) in route.Renditions)
        {
            if (!RouteNamePattern().IsMatch(renditionName))
            {
                problems.Add(ConfigurationProblems.Key("Routes", name, "Renditions", renditionName),
                    "rendition name must be 1-63 letters, digits, '_', '-' or '.', starting with a letter or digit");
            }
            if (rendition.Destinations.Count == 0)
            {
                problems.Add(ConfigurationProblems.Key("Routes", name, "Renditions", renditionName, "Destinations"),
                    "no destination; a rendition needs Destinations__0");
            }
            ValidateOutput(problems, options, rendition.Destinations, rendition.Profile, "Routes", name, "Renditions", renditionName);
        }
    }

    /// <summary>Destinations and profile of the route's main output or of one rendition.</summary>
    private static void ValidateOutput(ConfigurationProblems problems, RelayOptions options, List<string> destinations, string profile, params string[] prefix)
    {
        for (var i = 0; i < destinations.Count; i++)
        {
            var key = ConfigurationProblems.Key([.. prefix, "Destinations", i.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            foreach (var why in EndpointRules.DestinationProblems(destinations[i]))
            {
                problems.Add(key, why);
            }
        }
        if (!ConfiguredRoutes.ProfileExists(profile, options.Profiles))
        {
            problems.Add(ConfigurationProblems.Key([.. prefix, "Profile"]),
                $"unknown profile '{profile}'; use copy, a ladder rung ({ProfileCatalog.LadderSummary}) or a name under Relay__Profiles");
        }
    }

    private static void ValidateSource(string name, RouteOptions route, ConfigurationProblems problems)
    {
        var key = ConfigurationProblems.Key("Routes", name, "Source");
        if (string.IsNullOrWhiteSpace(route.Source))
        {
            problems.Add(key, "missing; set it to the URL the route reads from, e.g. rtmp://host:1935/live/stream");
            return;
        }
        foreach (var why in EndpointRules.SourceProblems(route.Source, route.Listen))
        {
            problems.Add(key, why);
        }
    }
}
