namespace RelayWorker.Benchmarks.Ladder;

/// <summary>
/// The two ways to make the four rungs from one source: one ffmpeg that decodes once and splits the picture, or one
/// ffmpeg per rung (what four single-rung routes would run today), each decoding the source itself.
/// </summary>
internal static class LadderCommandLines
{
    /// <summary>
    /// Reads <paramref name="clip"/>; when <paramref name="live"/>, with -re: at its own frame rate, like a live input,
    /// so that "keeps real time" means something.
    /// </summary>
    public static List<string> Input(string clip, bool live) =>
    [
        "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-progress", "pipe:1",
        .. live ? new[] { "-re" } : [],
        "-i", clip,
    ];

    /// <summary>One decode, a split filter, one output per rung, each with the rung's own encoder settings.</summary>
    public static IReadOnlyList<string> SplitOnce(string clip, bool live, IReadOnlyList<LadderRung> rungs, string output, IReadOnlyList<int?> ports)
    {
        var labels = Enumerable.Range(0, rungs.Count).Select(i => $"s{i}").ToList();
        var graph = $"[0:v]split={rungs.Count}{string.Concat(labels.Select(l => $"[{l}]"))};"
            + string.Join(';', rungs.Select((rung, i) => $"[{labels[i]}]{rung.Filter}[v{i}]"));
        var args = Input(clip, live);
        args.AddRange(["-filter_complex", graph]);
        for (var i = 0; i < rungs.Count; i++)
        {
            args.AddRange(["-map", $"[v{i}]", "-map", "0:a:0?"]);
            args.AddRange(rungs[i].EncodeArguments());
            args.AddRange(LadderOutput.Arguments(output, ports[i]));
        }
        return args;
    }

    /// <summary>Exactly one ladder route's ffmpeg: its own decode, its -vf, its encode.</summary>
    public static IReadOnlyList<string> SingleRung(string clip, bool live, LadderRung rung, string output, int? port)
    {
        var args = Input(clip, live);
        args.AddRange(["-map", "0:v:0", "-map", "0:a:0?", "-vf", rung.Filter]);
        args.AddRange(rung.EncodeArguments());
        args.AddRange(LadderOutput.Arguments(output, port));
        return args;
    }
}
