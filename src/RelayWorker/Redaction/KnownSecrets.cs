using RelayWorker.Configuration;

namespace RelayWorker.Redaction;

/// <summary>
/// Collects the secret values present in configuration, so text that quotes them in an unexpected shape
/// (ffmpeg rewriting a URL, an error echoing an option) is still scrubbed.
/// </summary>
internal static class KnownSecrets
{
    // Shorter values would mask ordinary words and numbers in every log line.
    private const int MinimumLength = 4;

    public static IReadOnlyCollection<string> From(RelayOptions options)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in options.Routes.Values)
        {
            if (route.Source is not null)
            {
                AddFromUrl(route.Source, isDestination: false, secrets);
            }
            foreach (var destination in route.Destinations.Concat(route.Renditions.Values.SelectMany(r => r.Destinations)))
            {
                AddFromUrl(destination, isDestination: true, secrets);
            }
        }
        if (Control.ApiToken.Read(options.Api) is { } token)
        {
            secrets.Add(token);
        }
        foreach (var webhook in options.Events.Webhooks)
        {
            AddWebhook(webhook, secrets);
        }
        secrets.RemoveWhere(s => s.Length < MinimumLength || s == SecretRedactor.Mask);
        // Longest first, so a secret that contains another is replaced whole.
        return [.. secrets.SelectMany(s => new[] { s, Uri.EscapeDataString(s) }).Distinct().OrderByDescending(s => s.Length)];
    }

    private static void AddWebhook(WebhookOptions webhook, HashSet<string> secrets)
    {
        if (webhook.Secret is { } secret)
        {
            secrets.Add(secret);
        }
        if (webhook.Url is { } url)
        {
            AddFromUrl(url, isDestination: false, secrets);
        }
    }

    private static void AddFromUrl(string url, bool isDestination, HashSet<string> secrets)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return;
        }
        foreach (var part in uri.UserInfo.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            secrets.Add(Uri.UnescapeDataString(part));
        }
        foreach (var (key, value) in Media.UrlQuery.Parse(Media.UrlQuery.Of(url)))
        {
            if (SecretNames.IsSecret(key))
            {
                secrets.Add(value);
            }
            else if (key.Equals("streamid", StringComparison.OrdinalIgnoreCase))
            {
                AddFromStreamId(value, secrets);
            }
        }
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (isDestination && uri.Scheme.StartsWith("rtmp", StringComparison.OrdinalIgnoreCase) && segments.Length >= 2)
        {
            secrets.Add(Uri.UnescapeDataString(segments[^1]));
        }
    }

    private static void AddFromStreamId(string streamId, HashSet<string> secrets)
    {
        var redacted = StreamIdRedactor.Redact(streamId);
        // Whatever the redactor masked is a secret: diff the two token by token.
        var original = streamId.Split([':', ',', '&', '?', '=']);
        var masked = redacted.Split([':', ',', '&', '?', '=']);
        for (var i = 0; i < Math.Min(original.Length, masked.Length); i++)
        {
            if (masked[i] == SecretRedactor.Mask && original[i] != SecretRedactor.Mask)
            {
                secrets.Add(original[i]);
            }
        }
    }
}
