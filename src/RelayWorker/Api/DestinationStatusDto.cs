using RelayWorker.Status;

namespace RelayWorker.Api;

/// <summary>
/// One destination's state; the index matches Destinations__&lt;index&gt; and the metric label. Cause and
/// Failures describe the current run: why its latest attempt failed, and how many attempts in a row did.
/// </summary>
internal sealed record DestinationStatusDto(int Index, DestinationState State, string? LastError, string? Cause, int Failures)
{
    public static IReadOnlyList<DestinationStatusDto> From(RouteStatus status)
    {
        var states = status.DestinationStates;
        var tracker = status.DestinationTracker;
        var errors = tracker?.Errors;
        var causes = tracker?.Failures.Causes;
        var failures = tracker?.Failures.Consecutive;
        return [.. states.Select((state, i) => new DestinationStatusDto(
            i,
            state,
            errors is not null && i < errors.Count ? errors[i] : null,
            causes is not null && i < causes.Count ? causes[i] : null,
            failures is not null && i < failures.Count ? failures[i] : 0))];
    }
}
