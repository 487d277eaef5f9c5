using System.Globalization;
using RelayWorker.Continuity;

namespace RelayWorker.Tests.Continuity;

/// <summary>
/// Feeds captured sources into a <see cref="TsSplicer"/> as a live route would (each packet arriving when its
/// media time comes, two sources interleaved), and judges the spliced bytes with ffprobe and ffmpeg.
/// </summary>
internal sealed class SplicedOutput
{
    private readonly List<byte[]> _output = [];

    public SplicedOutput() => Splicer = new TsSplicer(p => _output.Add(p.ToArray()));

    public TsSplicer Splicer { get; }

    public IReadOnlyList<byte[]> Packets => _output;

    /// <summary>Each packet with its arrival time: the DTS of the latest PES started in its stream, from zero.</summary>
    public static List<(long At, byte[] Packet)> Arrivals(IEnumerable<byte[]> packets)
    {
        var arrivals = new List<(long, byte[])>();
        long first = -1;
        long at = 0;
        foreach (var packet in packets)
        {
            var offset = TsPacket.PayloadOffset(packet);
            if (TsPacket.StartsUnit(packet) && offset >= 0 && PesHeader.TryRead(packet.AsSpan(offset), out _, out var dts))
            {
                first = first < 0 ? dts : first;
                at = Math.Max(at, TsTime.Distance(first, dts));
            }
            arrivals.Add((at, packet.ToArray()));
        }
        return arrivals;
    }

    /// <summary>
    /// Feeds the two sources merged by arrival time; <paramref name="beforeEach"/> sees each arrival time first
    /// and may switch; a source whose arrivals are past <paramref name="primaryLostAt"/> is silent from then on.
    /// </summary>
    public void Play(List<(long At, byte[] Packet)> primary, List<(long At, byte[] Packet)> backup, Action<long> beforeEach, long primaryLostAt = long.MaxValue)
    {
        var merged = primary.Where(a => a.At < primaryLostAt).Select(a => (a.At, Source: 0, a.Packet))
            .Concat(backup.Select(a => (a.At, Source: 1, a.Packet)))
            .OrderBy(a => a.At).ThenBy(a => a.Source)
            .ToList();
        foreach (var (at, source, packet) in merged)
        {
            beforeEach(at);
            Splicer.Feed(source, packet, at);
        }
    }

    /// <summary>Per stream index, the DTS of every packet as ffprobe reads the spliced output.</summary>
    public async Task<Dictionary<int, List<long>>> ProbeDtsAsync(string name)
    {
        var path = TsFixtures.WriteTemp(name, _output);
        var csv = await TsFixtures.RunAsync("ffprobe", "-v", "error", "-show_entries", "packet=stream_index,dts", "-of", "csv=p=0", path);
        var streams = new Dictionary<int, List<long>>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(',');
            if (fields.Length >= 2 && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var dts))
            {
                var index = int.Parse(fields[0], CultureInfo.InvariantCulture);
                (streams.TryGetValue(index, out var list) ? list : streams[index] = []).Add(dts);
            }
        }
        return streams;
    }

    /// <summary>What ffmpeg logs at level error while decoding the whole output.</summary>
    public async Task<string> DecodeErrorsAsync(string name)
    {
        var path = TsFixtures.WriteTemp(name, _output);
        return await DecodeEachStreamAsync(path);
    }

    /// <summary>
    /// What the decoders report, each stream decoded on its own: decoding both into one null muxer adds ffmpeg's own
    /// complaints about interleaving their timestamps (a guessed frame rate), which say nothing about the stream.
    /// </summary>
    public static async Task<string> DecodeEachStreamAsync(string path)
    {
        var video = await TsFixtures.RunAsync("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", path, "-map", "0:v:0", "-f", "null", "-");
        var audio = await TsFixtures.RunAsync("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", path, "-map", "0:a:0?", "-f", "null", "-");
        return (video + audio).Trim();
    }

    /// <summary>PIDs whose continuity counters skip or repeat on packets that carry payload.</summary>
    public List<int> ContinuityBreaks()
    {
        var last = new Dictionary<int, int>();
        var breaks = new List<int>();
        foreach (var packet in _output)
        {
            if (!TsPacket.HasPayload(packet))
            {
                continue;
            }
            var pid = TsPacket.Pid(packet);
            var cc = TsPacket.ContinuityCounter(packet);
            if (last.TryGetValue(pid, out var previous) && cc != ((previous + 1) & 0x0F))
            {
                breaks.Add(pid);
            }
            last[pid] = cc;
        }
        return breaks;
    }

    public static long LargestStep(List<long> dts) => dts.Zip(dts.Skip(1), (a, b) => b - a).Max();

    public static bool StrictlyIncreasing(List<long> dts) => dts.Zip(dts.Skip(1), (a, b) => b > a).All(x => x);
}
