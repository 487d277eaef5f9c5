using System.Globalization;
using System.Text.Json;

namespace RelayWorker.IntegrationTests.Protocols;

/// <summary>One video packet of a capture, as ffprobe -show_packets reports it.</summary>
internal sealed record VideoPacket(double PtsSeconds, int Size, bool IsKeyframe);

/// <summary>
/// The video packets of an MPEG-TS capture, for what ffprobe's stream summary cannot say about a TS: the
/// real bitrate (TS streams carry no bit_rate) and the distance between keyframes.
/// </summary>
internal sealed class VideoPackets
{
    private VideoPackets(IReadOnlyList<VideoPacket> packets) => Packets = packets;

    public IReadOnlyList<VideoPacket> Packets { get; }

    /// <summary>Frames between consecutive keyframes (one entry per complete GOP).</summary>
    public IReadOnlyList<int> KeyframeDistances
    {
        get
        {
            var keyIndexes = Packets.Select((p, i) => (p, i)).Where(x => x.p.IsKeyframe).Select(x => x.i).ToList();
            return [.. keyIndexes.Zip(keyIndexes.Skip(1), (a, b) => b - a)];
        }
    }

    /// <summary>
    /// kbit/s over whole GOPs only (first keyframe up to the last one): a constant-rate encoder is judged over
    /// the span its rate control is built for, without a half GOP at either end of the capture.
    /// </summary>
    public double WholeGopKilobitsPerSecond
    {
        get
        {
            var keys = Packets.Where(p => p.IsKeyframe).ToList();
            if (keys.Count < 2)
            {
                throw new InvalidOperationException($"Need two keyframes to measure a bitrate, the capture has {keys.Count}.");
            }
            var (first, last) = (keys[0].PtsSeconds, keys[^1].PtsSeconds);
            var bytes = Packets.Where(p => p.PtsSeconds >= first && p.PtsSeconds < last).Sum(p => (long)p.Size);
            return bytes * 8 / 1000.0 / (last - first);
        }
    }

    /// <summary>Probes a copy of <paramref name="captureFile"/> (it may still be growing).</summary>
    public static async Task<VideoPackets> ReadAsync(string captureFile, TimeSpan timeout)
    {
        var snapshot = Path.Combine(Path.GetTempPath(), $"relayworker-packets-{Guid.NewGuid():N}.ts");
        await using (var source = new FileStream(captureFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        await using (var target = File.Create(snapshot))
        {
            await source.CopyToAsync(target);
        }
        try
        {
            await using var ffprobe = ManagedProcess.Start(
                "ffprobe",
                ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,size,flags", "-of", "json", snapshot],
                new ProcessOptions { Name = "ffprobe -show_packets" });
            var exitCode = await ffprobe.WaitForExitAsync(timeout);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"ffprobe exited with {exitCode}:\n{ffprobe.StandardError}");
            }
            return Parse(ffprobe.StandardOutput);
        }
        finally
        {
            File.Delete(snapshot);
        }
    }

    private static VideoPackets Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var packets = new List<VideoPacket>();
        foreach (var packet in document.RootElement.GetProperty("packets").EnumerateArray())
        {
            // A packet without a timestamp cannot be placed in time; TS from ffmpeg has none of those.
            if (!double.TryParse(packet.GetProperty("pts_time").GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var pts))
            {
                continue;
            }
            packets.Add(new VideoPacket(
                pts,
                int.Parse(packet.GetProperty("size").GetString()!, CultureInfo.InvariantCulture),
                packet.GetProperty("flags").GetString()!.Contains('K', StringComparison.Ordinal)));
        }
        return new VideoPackets(packets);
    }
}
