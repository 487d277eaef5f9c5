namespace RelayWorker.Media;

/// <summary>What RelayWorker knows about each URL scheme it can read from or write to.</summary>
internal sealed record EndpointScheme(string Name, bool CanRead, bool CanWrite, bool CanListen, string? Muxer)
{
    /// <summary>A synthetic source (ffmpeg's lavfi test pattern with a tone), used by the embedded demo.</summary>
    public const string TestPattern = "testsrc";

    /// <summary>A local HLS output directory.</summary>
    public const string Hls = "hls";

    private static readonly Dictionary<string, EndpointScheme> Known = new[]
    {
        new EndpointScheme("rtmp", CanRead: true, CanWrite: true, CanListen: true, Muxer: "flv"),
        new EndpointScheme("rtmps", CanRead: true, CanWrite: true, CanListen: false, Muxer: "flv"),
        new EndpointScheme("srt", CanRead: true, CanWrite: true, CanListen: true, Muxer: "mpegts"),
        new EndpointScheme("udp", CanRead: true, CanWrite: true, CanListen: false, Muxer: "mpegts"),
        new EndpointScheme("rtsp", CanRead: true, CanWrite: true, CanListen: false, Muxer: "rtsp"),
        new EndpointScheme("rtsps", CanRead: true, CanWrite: false, CanListen: false, Muxer: null),
        new EndpointScheme("http", CanRead: true, CanWrite: false, CanListen: false, Muxer: null),
        new EndpointScheme("https", CanRead: true, CanWrite: false, CanListen: false, Muxer: null),
        new EndpointScheme(TestPattern, CanRead: true, CanWrite: false, CanListen: false, Muxer: null),
        // hls:///absolute/dir: a local HLS playlist and segments, for a web server or a player to pick up.
        new EndpointScheme(Hls, CanRead: false, CanWrite: true, CanListen: false, Muxer: "hls"),
    }.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    public static EndpointScheme? Find(string scheme) => Known.GetValueOrDefault(scheme);

    public static string Readable => string.Join(", ", Known.Values.Where(s => s.CanRead).Select(s => s.Name));

    public static string Writable => string.Join(", ", Known.Values.Where(s => s.CanWrite).Select(s => s.Name));

    public static string Listenable => string.Join(", ", Known.Values.Where(s => s.CanListen).Select(s => s.Name));
}
