using System.Globalization;

namespace RelayWorker.Configuration;

/// <summary>Checks the webhooks of <c>Relay__Events</c>. Messages never repeat a URL or a secret.</summary>
internal static class EventsRules
{
    public static void Validate(EventsOptions events, ConfigurationProblems problems)
    {
        for (var i = 0; i < events.Webhooks.Count; i++)
        {
            var index = i.ToString(CultureInfo.InvariantCulture);
            var key = ConfigurationProblems.Key("Events", "Webhooks", index, "Url");
            var url = events.Webhooks[i].Url;
            if (string.IsNullOrWhiteSpace(url))
            {
                problems.Add(key, "missing; a webhook needs the http(s) URL events are posted to");
            }
            else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            {
                problems.Add(key, "not an absolute http or https URL like https://host/hook");
            }
            if (events.Webhooks[i].Secret is { Length: 0 })
            {
                problems.Add(ConfigurationProblems.Key("Events", "Webhooks", index, "Secret"), "empty; leave it unset to send unsigned events");
            }
        }
    }
}
