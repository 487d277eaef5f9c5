using System.Diagnostics;

namespace RelayWorker.IntegrationTests.Interop;

/// <summary>
/// Another implementation at the worker's output: a GStreamer player that demuxes and decodes the H.264
/// video with libav's decoder and counts every decoded frame (fakesink prints one "chain" line per frame).
/// Audio, where the demuxer exposes it, is linked to its own sink: flvdemux fails the whole pipeline
/// ("Internal data stream error") when one of its pads is left unlinked.
/// </summary>
internal sealed class GstViewer : IAsyncDisposable
{
    private const string FrameMarker = "videosink: last-message = chain";

    private static readonly string[] DecodeVideo =
        ["h264parse", "!", "avdec_h264", "!", "fakesink", "name=videosink", "silent=false", "sync=false"];

    private readonly ManagedProcess _process;
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();

    private GstViewer(ManagedProcess process) => _process = process;

    /// <summary>Video frames decoded so far.</summary>
    public int Frames => _process.Lines().Count(l => l.Contains(FrameMarker, StringComparison.Ordinal));

    public string Log => _process.OutputTail(30);

    /// <summary>Calls an SRT listener (a worker destination with mode=listener).</summary>
    public static GstViewer SrtCaller(int port, string? passphrase = null) =>
        Start("gst-srt-caller", ["srtsrc", $"uri=srt://127.0.0.1:{port}?mode=caller{GstEncoder.PassphraseQuery(passphrase)}", "!", "tsdemux", "!"]);

    /// <summary>Listens for a worker destination that calls it.</summary>
    public static GstViewer SrtListener(int port, string? passphrase = null) =>
        Start("gst-srt-listener", ["srtsrc", $"uri=srt://127.0.0.1:{port}?mode=listener{GstEncoder.PassphraseQuery(passphrase)}", "!", "tsdemux", "!"]);

    public static GstViewer Udp(int port) =>
        Start("gst-udp", ["udpsrc", $"port={port}", "address=127.0.0.1", "caps=video/mpegts,systemstream=(boolean)true,packetsize=(int)188", "!", "tsdemux", "!"]);

    public static GstViewer Hls(Uri playlist) =>
        Start("gst-hls", ["souphttpsrc", $"location={playlist}", "!", "hlsdemux", "!", "tsdemux", "!"]);

    /// <summary>Plays an RTMP stream; both FLV pads are linked.</summary>
    public static GstViewer Rtmp(string url) => new(GstLaunch.StartVerbose("gst-rtmp",
    [
        "rtmpsrc", $"location={url} live=1", "!", "flvdemux", "name=demux",
        "demux.audio", "!", "queue", "!", "fakesink", "name=audiosink", "sync=false",
        "demux.video", "!", "queue", "!", .. DecodeVideo,
    ]));

    private static GstViewer Start(string name, string[] source) => new(GstLaunch.StartVerbose(name, [.. source, .. DecodeVideo]));

    public Task WaitForFramesAsync(int count, TimeSpan timeout) =>
        Poll.UntilAsync(() => Frames >= count || _process.HasExited, timeout, $"{count} decoded frames")
            .ContinueWith(t =>
            {
                if (t.IsFaulted || Frames < count)
                {
                    throw new TimeoutException($"{_process.Name} decoded {Frames} of {count} frames; exited: {_process.HasExited}\n{Log}");
                }
            }, TaskScheduler.Default);

    /// <summary>
    /// Frames decoded in the first <paramref name="window"/> since this viewer started. The window is the
    /// measurement itself (what a player that just joined is given), not a wait for something to happen.
    /// </summary>
    public async Task<int> FramesInFirstAsync(TimeSpan window)
    {
        var left = window - _sinceStart.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
        return Frames;
    }

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();
}
