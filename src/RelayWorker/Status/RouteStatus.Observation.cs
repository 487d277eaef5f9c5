namespace RelayWorker.Status;

internal sealed partial class RouteStatus
{
    /// <summary>
    /// Told of every published snapshot (the one before, the one after), called under the route's lock so that
    /// changes arrive in the order they were made. It must only look and hand off: no blocking, no I/O, and never a
    /// call back into this status.
    /// </summary>
    public Action<RouteSnapshot, RouteSnapshot>? Changed { get; set; }
}
