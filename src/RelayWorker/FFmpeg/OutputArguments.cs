using System.Collections.Immutable;
using System.Text;

namespace RelayWorker.FFmpeg;

/// <summary>
/// The muxer follows the destination scheme. Several destinations share the route's one ffmpeg through
/// the tee muxer, each behind its own fifo so that a slow or dead destination neither blocks nor stops
/// the others and is reopened on its own (fifo attempt_recovery), while the route keeps running.
/// </summary>
internal static class OutputArguments
{
    /// <summary>7 × 188-byte TS packets: the SRT payload every MPEG-TS receiver expects.</summary>
    public const string SrtPacketSize = "1316";

    /// <summary>
    /// A dead destination is retried every second; its queue drops packets instead of growing, so one
    /// unreachable platform costs neither memory nor the other destinations' latency. The queue holds 500
    /// packets (about 10 s of 25 fps video with audio): the default 60 overflowed at start-up, when the
    /// packets buffered during the source probe arrive at once. restart_with_keyframe: after an overflow
    /// (nobody reading) or a recovery the destination resumes at the next keyframe, so a returning
    /// destination or a late caller gets the live edge as a decodable picture, never the backlog.
    /// </summary>
    public const string FifoOptions = "queue_size=500:attempt_recovery=1:recover_any_error=1:recovery_wait_time=1:drop_pkts_on_overflow=1:restart_with_keyframe=1";

    public static void Add(List<string> args, ImmutableArray<string> destinations, IReadOnlySet<int>? withoutFifo = null)
    {
        var outputs = destinations.Select(DestinationOutput.For).ToList();
        // A listener destination goes behind a fifo even alone: written directly, ffmpeg would block in the
        // output's open until a caller comes while the source kept buffering, and that caller would get
        // everything since the start (measured: 19-49 s of stale media in its first 3 s).
        if (outputs.Count == 1 && !DestinationOutput.IsListener(destinations[0]))
        {
            var output = outputs[0];
            foreach (var (key, value) in output.Options)
            {
                args.AddRange(["-" + key, value]);
            }
            args.AddRange(["-f", output.Muxer, output.Target]);
            return;
        }
        AddTee(args, destinations, withoutFifo);
    }

    /// <summary>A tee output with every destination behind its own fifo, except those in <paramref name="withoutFifo"/>.</summary>
    public static void AddTee(List<string> args, ImmutableArray<string> destinations, IReadOnlySet<int>? withoutFifo = null) =>
        args.AddRange(["-f", "tee", "-use_fifo", "1", "-fifo_options", FifoOptions,
            string.Join("|", destinations.Select(DestinationOutput.For).Select((output, i) => TeeSlave(output, withoutFifo?.Contains(i) != true)))]);

    /// <summary>The URL or path ffmpeg is given for each destination, in order; ffmpeg's messages quote these.</summary>
    public static IReadOnlyList<string> Targets(ImmutableArray<string> destinations) =>
        [.. destinations.Select(d => DestinationOutput.For(d).Target)];

    /// <summary>
    /// One slave. Without a fifo (<c>use_fifo=0</c>) a slave whose header fails is closed by the tee and
    /// dropped for the run; ffmpeg's fifo instead retries every second without closing the session it
    /// opened for the failed header, so an RTMP server answers "Already publishing" forever.
    /// </summary>
    private static string TeeSlave(DestinationOutput output, bool useFifo)
    {
        var options = new StringBuilder($"f={output.Muxer}:onfail=ignore");
        if (!useFifo)
        {
            options.Append(":use_fifo=0");
        }
        foreach (var (key, value) in output.Options)
        {
            options.Append(':').Append(key).Append('=').Append(EscapeTeeOption(value));
        }
        return $"[{options}]{EscapeTee(output.Target)}";
    }

    /// <summary>The tee muxer tokenizes slave names with av_get_token: escape its special characters.</summary>
    internal static string EscapeTee(string url) => Escape(url, "\\'|[]");

    /// <summary>Slave options are key=value pairs split on ':'.</summary>
    private static string EscapeTeeOption(string value) => Escape(value, "\\':=|[]");

    private static string Escape(string text, string special)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (special.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
