namespace RelayWorker.Capabilities;

/// <summary>One thing a route needs from ffmpeg: a protocol, muxer, encoder or filter, by ffmpeg's name for it.</summary>
internal sealed record Capability(string Kind, string Name)
{
    public static Capability Protocol(string name) => new("protocol", name);

    public static Capability Muxer(string name) => new("muxer", name);

    public static Capability Encoder(string name) => new("encoder", name);

    public static Capability Filter(string name) => new("filter", name);

    public bool IsPresentIn(FfmpegCapabilities ffmpeg) => Kind switch
    {
        "protocol" => ffmpeg.Protocols.Contains(Name),
        "muxer" => ffmpeg.Muxers.Contains(Name),
        "encoder" => ffmpeg.Encoders.Contains(Name),
        _ => ffmpeg.Filters.Contains(Name),
    };

    /// <summary>The operator's words: what is missing and, where it is a library ffmpeg is built with, which one.</summary>
    public string Describe() => (Kind, Name) switch
    {
        ("protocol", "srt") => "the srt protocol (ffmpeg built with libsrt)",
        ("protocol", "rtmps" or "https" or "tls") => $"the {Name} protocol (ffmpeg built with TLS: gnutls or openssl)",
        ("encoder", "libx264" or "libx265") => $"the {Name} encoder (ffmpeg built with {Name})",
        _ => $"the {Name} {Kind}",
    };
}
