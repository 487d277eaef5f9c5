namespace RelayWorker.Configuration;

/// <summary>The <c>Relay__Events</c> section: where route and configuration events are delivered beyond /api/events.</summary>
public sealed class EventsOptions
{
    /// <summary>Receivers of every event as a signed JSON POST, by index (<c>Webhooks__0__Url</c>, …).</summary>
    public List<WebhookOptions> Webhooks { get; init; } = [];
}

/// <summary>One webhook receiver.</summary>
public sealed class WebhookOptions
{
    /// <summary>An absolute http or https URL; it may carry credentials, so it is shown redacted.</summary>
    public string? Url { get; set; }

    /// <summary>Key of the HMAC-SHA256 signature of each body; no signature is sent without it.</summary>
    public string? Secret { get; set; }
}
