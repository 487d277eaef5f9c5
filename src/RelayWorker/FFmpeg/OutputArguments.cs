using System.Collections.Immutable;
using System.Text;

namespace RelayWorker.FFmpeg;

/// <summary>
/// The muxer follows the destination scheme. Several destinations share the route's one ffmpeg through
/// the tee muxer, each behind its own fifo so that a slow or dead destination neither blocks nor stops
/// the others and is reopened on its own.
/// </summary>
internal static class OutputArguments
{
    /// <summary>7 × 188-byte TS packets: the SRT payload every MPEG-TS receiver expects.</summary>
    public const string SrtPacketSize = "1316";

    public static void Add(List<string> args, ImmutableArray<string> destinations)
    {
        if (destinations.Length == 1)
        {
            var uri = new Uri(destinations[0]);
            var muxer = MuxerFor(uri);
            args.AddRange(MuxerOptions(muxer));
            args.AddRange(["-f", muxer, DestinationUrl(uri)]);
            return;
        }
        var slaves = destinations.Select(d => TeeSlave(new Uri(d)));
        args.AddRange(["-f", "tee", "-use_fifo", "1",
            "-fifo_options", "attempt_recovery=1:recover_any_error=1:recovery_wait_time=1:drop_pkts_on_overflow=1",
            string.Join("|", slaves)]);
    }

    public static string MuxerFor(Uri uri) =>
        EndpointScheme.Find(uri.Scheme)?.Muxer ?? throw new ArgumentException($"cannot write to {uri.Scheme}", nameof(uri));

    private static string[] MuxerOptions(string muxer) => muxer switch
    {
        // A live FLV has no duration or size to patch in at the end.
        "flv" => ["-flvflags", "no_duration_filesize"],
        "rtsp" => ["-rtsp_transport", "tcp"],
        _ => [],
    };

    private static string DestinationUrl(Uri uri)
    {
        var url = uri.OriginalString;
        if (uri.Scheme.Equals("srt", StringComparison.OrdinalIgnoreCase) && UrlQuery.Get(uri.Query, "pkt_size") is null)
        {
            url += (uri.Query.Length == 0 ? "?" : "&") + "pkt_size=" + SrtPacketSize;
        }
        return url;
    }

    private static string TeeSlave(Uri uri)
    {
        var muxer = MuxerFor(uri);
        var options = new StringBuilder($"f={muxer}:onfail=ignore");
        if (muxer == "flv")
        {
            options.Append(":flvflags=no_duration_filesize");
        }
        else if (muxer == "rtsp")
        {
            options.Append(":rtsp_transport=tcp");
        }
        return $"[{options}]{EscapeTee(DestinationUrl(uri))}";
    }

    /// <summary>The tee muxer tokenizes slave names with av_get_token: escape its special characters.</summary>
    internal static string EscapeTee(string url)
    {
        var escaped = new StringBuilder(url.Length + 8);
        foreach (var c in url)
        {
            if (c is '\\' or '\'' or '|' or '[' or ']')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
