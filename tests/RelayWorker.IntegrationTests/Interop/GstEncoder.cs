namespace RelayWorker.IntegrationTests.Interop;

/// <summary>
/// Another implementation at the worker's input: GStreamer's own encoder, MPEG-TS muxer (mpegtsmux, which
/// tags H.264 as HDMV the way hardware and embedded encoders built on GStreamer do) and SRT client, as a
/// live 320x240 25 fps pattern with a tone and a keyframe every 2 s (50 frames).
/// </summary>
internal static class GstEncoder
{
    public const int FramesPerSecond = 25;

    /// <summary>Frames between keyframes: one GOP.</summary>
    public const int GopFrames = 50;

    /// <summary>An SRT listener on <paramref name="port"/> that the route calls.</summary>
    public static ManagedProcess StartSrtListener(int port, string? passphrase = null) =>
        Start($"srt://127.0.0.1:{port}?mode=listener{PassphraseQuery(passphrase)}");

    /// <summary>An SRT caller pushing into a route that listens on <paramref name="port"/>.</summary>
    public static ManagedProcess StartSrtCaller(int port, string? passphrase = null) =>
        Start($"srt://127.0.0.1:{port}?mode=caller{PassphraseQuery(passphrase)}");

    /// <summary>
    /// An SRT listener whose audio is MPEG-1 Layer II, as broadcast contribution encoders send: MPEG-TS
    /// carries it, FLV cannot, so an RTMP destination must refuse this media.
    /// </summary>
    public static ManagedProcess StartSrtListenerWithMp2Audio(int port) =>
        Start($"srt://127.0.0.1:{port}?mode=listener", "avenc_mp2");

    internal static string PassphraseQuery(string? passphrase) =>
        passphrase is null ? "" : $"&passphrase={passphrase}&pbkeylen=16";

    private static ManagedProcess Start(string srtUri, string audioEncoder = "avenc_aac") => GstLaunch.Start("gst-encoder",
        "videotestsrc", "is-live=true", "pattern=ball",
        "!", $"video/x-raw,width=320,height=240,framerate={FramesPerSecond}/1,format=I420",
        "!", "x264enc", "tune=zerolatency", "speed-preset=ultrafast", $"key-int-max={GopFrames}",
        // No h264parse: x264enc then writes byte-stream with SPS/PPS at every keyframe, so a receiver that
        // joins mid-stream (the route, after each restart) can start; that is what real encoders send.
        "!", "mpegtsmux", "name=mux",
        "!", "srtsink", $"uri={srtUri}", "wait-for-connection=false",
        "audiotestsrc", "is-live=true", "wave=sine",
        "!", "audioconvert", "!", "audioresample", "!", audioEncoder, "!", "mux.");
}
