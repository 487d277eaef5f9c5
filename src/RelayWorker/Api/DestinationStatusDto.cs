using RelayWorker.Status;

namespace RelayWorker.Api;

/// <summary>One destination's state; the index matches Destinations__&lt;index&gt; and the metric label.</summary>
internal sealed record DestinationStatusDto(int Index, DestinationState State, string? LastError)
{
    public static IReadOnlyList<DestinationStatusDto> From(RouteSnapshot route, DateTimeOffset now) =>
        [.. route.DestinationsAt(now).Select((view, i) => new DestinationStatusDto(i, view.State, view.LastError))];
}
