using RelayWorker.Status;

namespace RelayWorker.Api;

/// <summary>One destination's state; the index matches Destinations__&lt;index&gt; and the metric label.</summary>
internal sealed record DestinationStatusDto(int Index, DestinationState State, string? LastError)
{
    public static IReadOnlyList<DestinationStatusDto> From(RouteStatus status)
    {
        var states = status.DestinationStates;
        var errors = status.DestinationTracker?.Errors;
        return [.. states.Select((state, i) => new DestinationStatusDto(i, state, errors is not null && i < errors.Count ? errors[i] : null))];
    }
}
