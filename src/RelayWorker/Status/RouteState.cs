namespace RelayWorker.Status;

/// <summary>Where a route is in its life. Transitions are checked by <see cref="RouteStatus"/>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<RouteState>))]
public enum RouteState
{
    /// <summary>ffmpeg started, no media has moved yet.</summary>
    Starting,

    /// <summary>Media is advancing.</summary>
    Running,

    /// <summary>Media stopped advancing; the child is being replaced.</summary>
    Stalled,

    /// <summary>Waiting out the restart delay.</summary>
    BackingOff,

    /// <summary>Not running, by request or at shutdown.</summary>
    Stopped,

    /// <summary>Configured with Enabled=false, or owned by another replica.</summary>
    Disabled,

    /// <summary>Shown, never entered: ffmpeg runs but its media clock has not advanced for two seconds.</summary>
    Frozen,

    /// <summary>Shown, never entered: ffmpeg runs but media advances slower than real time (below 0.9x).</summary>
    Slow,

    /// <summary>Waiting for a start slot: MaxStartingRoutes routes are starting already.</summary>
    Queued,
}
