namespace RelayWorker.Configuration;

/// <summary>A custom encoding profile, <c>Relay__Profiles__&lt;name&gt;__…</c>.</summary>
public sealed class ProfileOptions
{
    public int Width { get; set; }

    public int Height { get; set; }

    public int Fps { get; set; }

    public int VideoKbps { get; set; }

    /// <summary><c>h264</c> (libx264) or <c>h265</c> (libx265).</summary>
    public string Codec { get; set; } = "h264";

    public int KeyframeSeconds { get; set; } = RelayDefaults.KeyframeSeconds;

    /// <summary>AAC bitrate; 0 drops audio.</summary>
    public int AudioKbps { get; set; } = RelayDefaults.AudioKbps;
}
