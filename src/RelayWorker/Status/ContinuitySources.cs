using System.Collections.Immutable;
using RelayWorker.Redaction;

namespace RelayWorker.Status;

/// <summary>
/// A continuous route's inputs as configured, named as the failover policy and the metrics name them and redacted
/// like the route's source, so whatever hands them to <see cref="RouteStatus.ContinuityConfigured"/> cannot leak a
/// backup's passphrase or credentials into the API, the page or the metrics.
/// </summary>
internal static class ContinuitySources
{
    public const string PrimaryName = "primary";

    /// <summary>"primary" for input 0, "backup1", "backup2", … for the backups in priority order.</summary>
    public static string NameOf(int input) => input == 0 ? PrimaryName : $"backup{input}";

    /// <summary>Every input of <paramref name="route"/>, each Connecting; empty for a plain route.</summary>
    public static ImmutableArray<SourceView> Of(Configuration.RouteOptions route)
    {
        if (!route.IsContinuous)
        {
            return [];
        }
        var inputs = ImmutableArray.CreateBuilder<SourceView>(route.Backups.Count + 2);
        inputs.Add(new SourceView(PrimaryName, SecretRedactor.RedactUrl(route.Source ?? ""), SourceState.Connecting));
        for (var i = 0; i < route.Backups.Count; i++)
        {
            inputs.Add(new SourceView(NameOf(i + 1), SecretRedactor.RedactUrl(route.Backups[i]), SourceState.Connecting));
        }
        if (!Configuration.SlateRules.IsNone(route.Slate))
        {
            // A slate is "builtin" or an image path the operator chose: no secret, and the path says which card is on air.
            inputs.Add(new SourceView(SourceView.SlateName, Configuration.SlateRules.IsBuiltin(route.Slate) ? Configuration.SlateRules.Builtin : route.Slate, SourceState.Connecting));
        }
        return inputs.ToImmutable();
    }
}
