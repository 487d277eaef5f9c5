using System.Runtime.CompilerServices;
using RelayWorker.Capabilities;
using RelayWorker.Media;

namespace RelayWorker.Configuration;

/// <summary>
/// The one entry point of validation. The options monitor produces one <see cref="RelayOptions"/> instance per
/// configuration; the gate judges each instance once and remembers the verdict, so the start-up check (which
/// stops the service before any ffmpeg runs) and the supervisor's first apply share one validation, and every
/// reload is judged once before it can replace the running routes.
/// </summary>
internal sealed class ConfigurationGate(FfmpegBinaryCheck ffmpeg)
{
    private readonly ConditionalWeakTable<RelayOptions, ConfigurationVerdict> _verdicts = [];

    /// <summary>How many configurations were validated; a test of the single path counts them.</summary>
    public int Validations { get; private set; }

    public ConfigurationVerdict Judge(RelayOptions candidate) => _verdicts.GetValue(candidate, Validate);

    private ConfigurationVerdict Validate(RelayOptions candidate)
    {
        Validations++;
        var problems = RelayOptionsSetup.Check(candidate);
        if (ffmpeg.ProblemWith(candidate.FfmpegPath, candidate.CapabilityCache) is { } ffmpegProblem)
        {
            problems.Add(ConfigurationProblems.Key("FfmpegPath"), ffmpegProblem);
        }
        else if (CapabilityRules.AnyRouteToCheck(candidate, problems) && ffmpeg.CapabilitiesOf(candidate.FfmpegPath, candidate.CapabilityCache) is { } capabilities)
        {
            var checkedAgainst = problems.Copy();
            CapabilityRules.Check(candidate, capabilities, checkedAgainst);
            // A refusal read from the cache file is confirmed by ffmpeg itself first: a cache that claims less than
            // the binary has must not refuse a configuration it can run (and the worker, refused, would never
            // live long enough to correct it).
            if (checkedAgainst.All.Count > problems.All.Count && ffmpeg.CapabilitiesCameFromCache(candidate.FfmpegPath)
                && ffmpeg.RefreshCapabilities(candidate.FfmpegPath, candidate.CapabilityCache) is { } listed)
            {
                checkedAgainst = problems.Copy();
                CapabilityRules.Check(candidate, listed, checkedAgainst);
            }
            problems = checkedAgainst;
        }
        return new ConfigurationVerdict(candidate, problems, problems.Any ? null : ConfiguredRoutes.Enabled(candidate));
    }
}

/// <summary>The outcome of validating one configuration: the problems, or the routes it enables.</summary>
internal sealed record ConfigurationVerdict(RelayOptions Options, ConfigurationProblems Problems, IReadOnlyDictionary<string, RouteDefinition>? EnabledRoutes)
{
    public bool Accepted => EnabledRoutes is not null;
}
