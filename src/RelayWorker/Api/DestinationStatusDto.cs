using RelayWorker.Status;

namespace RelayWorker.Api;

/// <summary>
/// One destination's state; the index matches Destinations__&lt;index&gt; and the metric label. Cause and
/// Failures describe the current run: why its latest attempt failed, and how many attempts in a row did.
/// </summary>
internal sealed record DestinationStatusDto(int Index, DestinationState State, string? LastError, string? Cause, int Failures)
{
    public static IReadOnlyList<DestinationStatusDto> From(RouteSnapshot route, DateTimeOffset now) =>
        [.. route.DestinationsAt(now).Select((view, i) => new DestinationStatusDto(i, view.State, view.LastError, view.Cause, view.Failures))];
}
