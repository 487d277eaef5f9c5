using System.Text.RegularExpressions;
using RelayWorker.FFmpeg;

namespace RelayWorker.Supervision;

/// <summary>
/// Spots, from ffmpeg's log, a destination whose muxer refused to write its header ("Audio codec mp2 not
/// compatible with flv", "Tag HDMV incompatible…"). Behind a fifo that is the start of a loop: the fifo
/// opened the session (an RTMP publish) before the header failed, does not close it, and opens a new one a
/// second later, which the server refuses because ours is still held. The muxer's line names neither the
/// fifo nor the URL, only the muxer, so it identifies a destination when exactly one destination of the
/// route uses that muxer. Pure; one per run.
/// </summary>
internal sealed partial class HeaderRefusalDetector(IReadOnlyList<string?> muxers)
{
    [GeneratedRegex(@"^\[([a-z0-9_]+) @ 0x[0-9a-f]+\]")]
    private static partial Regex Context();

    /// <summary>
    /// A muxer that is also the route's input demuxer (FLV for an RTMP source, MPEG-TS for SRT, UDP and HLS,
    /// RTSP for RTSP) is left out: its context name cannot tell input from output.
    /// </summary>
    public static HeaderRefusalDetector For(string source, IEnumerable<string> destinations)
    {
        var scheme = source[..Math.Max(0, source.IndexOf(':', StringComparison.Ordinal))].ToLowerInvariant();
        var demuxer = scheme switch
        {
            "rtmp" or "rtmps" => "flv",
            "srt" or "udp" or "http" or "https" => "mpegts",
            "rtsp" or "rtsps" => "rtsp",
            _ => null,
        };
        return new([.. destinations.Select(d => DestinationOutput.For(d).Muxer is var m && m != demuxer ? m : null)]);
    }

    /// <summary>The destination whose muxer refused the media on this line, if the line says so unambiguously.</summary>
    public int? Observe(string line, bool isError)
    {
        if (!isError || Context().Match(line) is not { Success: true } context
            || DestinationFailureCause.Classify(line) != DestinationFailureCause.Incompatible)
        {
            return null;
        }
        var muxer = context.Groups[1].Value;
        int? found = null;
        for (var i = 0; i < muxers.Count; i++)
        {
            if (muxers[i] == muxer)
            {
                if (found is not null)
                {
                    return null;
                }
                found = i;
            }
        }
        return found;
    }
}
