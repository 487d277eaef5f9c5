using System.Collections.Immutable;
using RelayWorker.Configuration;
using RelayWorker.Status;

namespace RelayWorker.Tests.TestSupport;

/// <summary>A continuous route's status as its runner reports it: inputs configured, then switches and source states.</summary>
internal static class ContinuousRoutes
{
    /// <summary>primary, backup1 and the built-in slate, each with the given URLs (redacted as the runner gets them).</summary>
    public static ImmutableArray<SourceView> Inputs(string primary = "srt://127.0.0.1:9000", string backup = "srt://127.0.0.1:9001") =>
        ContinuitySources.Of(new RouteOptions { Source = primary, Backups = [backup], Slate = SlateRules.Builtin });

    /// <summary>Marks the status continuous with <see cref="Inputs"/> and sets each input's state.</summary>
    public static ImmutableArray<SourceView> Configure(RouteStatus status, params SourceState[] states)
    {
        var inputs = Inputs();
        status.ContinuityConfigured(inputs);
        var changed = inputs.Select((input, i) => i < states.Length ? input with { State = states[i] } : input).ToImmutableArray();
        status.SourcesChanged(changed);
        return changed;
    }
}
