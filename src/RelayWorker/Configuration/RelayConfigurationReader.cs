namespace RelayWorker.Configuration;

/// <summary>
/// Reads the <c>Relay</c> section by hand instead of with the configuration binder, because the binder
/// stops at the first value it cannot convert and silently ignores misspelt keys; an operator needs
/// every problem at once, including the key they misspelt.
/// </summary>
public static class RelayConfigurationReader
{
    // Each section's keys in the order its "unknown setting" message lists them. Static initializers run in
    // text order, so a table is declared before the tables that nest it.
    private static readonly ConfigurationKeyTable<RenditionOptions> Rendition = new ConfigurationKeyTable<RenditionOptions>()
        .Text("Profile", (rendition, value) => rendition.Profile = value)
        .List("Destinations", "destination", rendition => rendition.Destinations);

    private static readonly ConfigurationKeyTable<RouteOptions> Route = new ConfigurationKeyTable<RouteOptions>()
        .Text("Source", (route, value) => route.Source = value)
        .List("Destinations", "destination", route => route.Destinations)
        .Text("Profile", (route, value) => route.Profile = value)
        .Bool("Enabled", (route, value) => route.Enabled = value)
        .Bool("Listen", (route, value) => route.Listen = value)
        .Map("Renditions", route => route.Renditions, Rendition)
        .List("Backups", "backup", route => route.Backups)
        .Text("Slate", (route, value) => route.Slate = value);

    private static readonly ConfigurationKeyTable<ProfileOptions> Profile = new ConfigurationKeyTable<ProfileOptions>()
        .Int("Width", (profile, value) => profile.Width = value)
        .Int("Height", (profile, value) => profile.Height = value)
        .Int("Fps", (profile, value) => profile.Fps = value)
        .Int("VideoKbps", (profile, value) => profile.VideoKbps = value)
        .Text("Codec", (profile, value) => profile.Codec = value)
        .Int("KeyframeSeconds", (profile, value) => profile.KeyframeSeconds = value)
        .Int("AudioKbps", (profile, value) => profile.AudioKbps = value);

    private static readonly ConfigurationKeyTable<RestartOptions> Restart = new ConfigurationKeyTable<RestartOptions>()
        .Duration("InitialDelay", (restart, value) => restart.InitialDelay = value)
        .Duration("MaxDelay", (restart, value) => restart.MaxDelay = value)
        .Duration("StableAfter", (restart, value) => restart.StableAfter = value);

    private static readonly ConfigurationKeyTable<ShardOptions> Shard = new ConfigurationKeyTable<ShardOptions>()
        .Int("Index", (shard, value) => shard.Index = value)
        .Int("Count", (shard, value) => shard.Count = value);

    private static readonly ConfigurationKeyTable<Control.ApiOptions> Api = new ConfigurationKeyTable<Control.ApiOptions>()
        .Text("Token", (api, value) => api.Token = value)
        .Text("TokenFile", (api, value) => api.TokenFile = value);

    private static readonly ConfigurationKeyTable<Thumbnails.ThumbnailOptions> Thumbnails = new ConfigurationKeyTable<Thumbnails.ThumbnailOptions>()
        .Bool("Enabled", (thumbnails, value) => thumbnails.Enabled = value);

    private static readonly ConfigurationKeyTable<WebhookOptions> Webhook = new ConfigurationKeyTable<WebhookOptions>()
        .Text("Url", (webhook, value) => webhook.Url = value)
        .Text("Secret", (webhook, value) => webhook.Secret = value);

    private static readonly ConfigurationKeyTable<EventsOptions> Events = new ConfigurationKeyTable<EventsOptions>()
        .SectionList("Webhooks", "webhook", events => events.Webhooks, Webhook);
    private static readonly ConfigurationKeyTable<FailoverOptions> Failover = new ConfigurationKeyTable<FailoverOptions>()
        .Duration("LossAfter", (failover, value) => failover.LossAfter = value)
        .Duration("FailbackAfter", (failover, value) => failover.FailbackAfter = value);

    private static readonly ConfigurationKeyTable<RelayOptions> Relay = new ConfigurationKeyTable<RelayOptions>()
        .Text("FfmpegPath", (options, value) => options.FfmpegPath = value)
        .Text("CapabilityCache", (options, value) => options.CapabilityCache = value)
        .Map("Routes", options => options.Routes, Route)
        .Map("Profiles", options => options.Profiles, Profile)
        .Section("Restart", options => options.Restart, Restart)
        .Duration("StopTimeout", (options, value) => options.StopTimeout = value)
        .Duration("StallTimeout", (options, value) => options.StallTimeout = value)
        .Duration("StartTimeout", (options, value) => options.StartTimeout = value)
        .Int("MaxStartingRoutes", (options, value) => options.MaxStartingRoutes = value)
        .Int("ChildNiceness", (options, value) => options.ChildNiceness = value)
        .Text("LogFormat", (options, value) => options.LogFormat = value)
        .Section("Shard", options => options.Shard, Shard)
        .Section("Api", options => options.Api, Api)
        .Section("Thumbnails", options => options.Thumbnails, Thumbnails)
        .Section("Events", options => options.Events, Events)
        .Section("Failover", options => options.Failover, Failover);

    /// <summary>
    /// Every key the worker reads, spelt as an environment variable, with <see cref="ConfigurationKeyPlaceholders.Name"/>
    /// and <see cref="ConfigurationKeyPlaceholders.Index"/> where the operator chooses: <c>Relay__Routes__&lt;name&gt;__Destinations__&lt;i&gt;</c>.
    /// </summary>
    public static IReadOnlyList<string> KnownKeys { get; } = [.. Relay.KnownKeys(RelayOptions.SectionName)];

    public static RelayOptions Read(IConfiguration configuration, ConfigurationProblems problems)
    {
        var options = new RelayOptions();
        ReadInto(options, configuration, problems);
        return options;
    }

    /// <summary>Fills an options instance the options framework created.</summary>
    public static void ReadInto(RelayOptions options, IConfiguration configuration, ConfigurationProblems problems) =>
        Relay.Read(configuration.GetSection(RelayOptions.SectionName), options, problems);
}
