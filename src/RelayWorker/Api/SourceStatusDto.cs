using RelayWorker.Status;

namespace RelayWorker.Api;

/// <summary>
/// One input of a continuous route: its name (as in relay_route_active_source), what it reads (a redacted URL,
/// or "builtin" or the image path for the slate), its state, its process's restarts and its last error (redacted).
/// </summary>
internal sealed record SourceStatusDto(string Name, string Input, SourceState State, long Restarts, string? LastError)
{
    public static IReadOnlyList<SourceStatusDto> From(RouteSnapshot route) =>
        [.. (route.Sources.IsDefault ? [] : route.Sources).Select(s => new SourceStatusDto(s.Name, s.Input, s.State, s.Restarts, s.LastError))];
}
