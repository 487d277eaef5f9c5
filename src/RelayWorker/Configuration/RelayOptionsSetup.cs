using Microsoft.Extensions.Options;

namespace RelayWorker.Configuration;

/// <summary>
/// Fills <see cref="RelayOptions"/> through <see cref="RelayConfigurationReader"/> so IOptionsMonitor
/// reloads it on every configuration change. Validation is deliberately not registered as
/// IValidateOptions: a failing validator throws inside the reload callback, where nobody can catch it;
/// the supervisor validates each new value itself and refuses a bad one while the routes keep running.
/// </summary>
internal sealed class RelayOptionsSetup(IConfiguration configuration) : IConfigureOptions<RelayOptions>
{
    public void Configure(RelayOptions options)
    {
        var problems = new ConfigurationProblems();
        RelayConfigurationReader.ReadInto(options, configuration, problems);
        options.ReadProblems = problems;
    }

    /// <summary>Everything wrong with a value the monitor produced: reading problems and rule violations.</summary>
    public static ConfigurationProblems Check(RelayOptions options)
    {
        var problems = new ConfigurationProblems();
        foreach (var problem in options.ReadProblems.All)
        {
            problems.AddRaw(problem);
        }
        RelayOptionsValidator.Validate(options, problems);
        return problems;
    }
}
