namespace RelayWorker.Control;

/// <summary>What a control request came to; the API turns each into a status code.</summary>
internal enum ControlOutcome
{
    Done,
    UnknownRoute,
    UnknownDestination,

    /// <summary>The request makes no sense in the route's state (restart a disabled route, disable its last destination).</summary>
    Conflict,

    /// <summary>The worker has not applied its first configuration yet, or is shutting down.</summary>
    Unavailable,
}

internal sealed record ControlResult(ControlOutcome Outcome, string? Error = null)
{
    public static readonly ControlResult Done = new(ControlOutcome.Done);
}
