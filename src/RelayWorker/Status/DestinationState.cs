namespace RelayWorker.Status;

/// <summary>What one destination of a route is doing.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<DestinationState>))]
public enum DestinationState
{
    /// <summary>The route's ffmpeg is starting or has not yet moved media.</summary>
    Connecting,

    /// <summary>Media is flowing and this destination has reported no failure.</summary>
    Up,

    /// <summary>This destination failed; the others keep streaming while it is retried.</summary>
    Down,

    /// <summary>Down, and its last attempts all failed the same way: see its cause; retrying alone will not fix it.</summary>
    Failing,

    /// <summary>Turned off by hand (POST …/destinations/{index}/disable) until enabled or the route's configuration changes.</summary>
    Disabled,
}
