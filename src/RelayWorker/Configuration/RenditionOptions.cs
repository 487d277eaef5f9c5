namespace RelayWorker.Configuration;

/// <summary><c>Relay__Routes__&lt;route&gt;__Renditions__&lt;name&gt;__Profile|Destinations__&lt;i&gt;</c>.</summary>
public sealed class RenditionOptions
{
    public string Profile { get; set; } = RelayDefaults.Profile;

    public List<string> Destinations { get; init; } = [];
}
