using System.Globalization;

namespace RelayWorker.IntegrationTests.Faults;

/// <summary>
/// What a sink's MPEG-TS capture holds of the video: the presentation time of every video packet (ffprobe, no
/// decoding) and how many frames a decoder gets out of it (ffprobe -count_frames), with the decoder's complaints.
/// </summary>
internal sealed record CapturedVideo(IReadOnlyList<long> PacketPts, long DecodedFrames, IReadOnlyList<string> DecoderErrors)
{
    /// <summary>MPEG-TS timestamps tick at 90 kHz.</summary>
    private const double TicksPerSecond = 90_000;

    /// <summary>
    /// The frames the sender produced between the first and the last frame that arrived. A constant-rate encode
    /// stamps frame n at first + n × (90000 / fps), so the span between two received timestamps says exactly how many
    /// frames were sent in between, whatever was lost.
    /// </summary>
    public long FramesSentInSpan(int framesPerSecond)
    {
        var ticksPerFrame = TicksPerSecond / framesPerSecond;
        return PacketPts.Count == 0 ? 0 : (long)Math.Round((PacketPts[^1] - PacketPts[0]) / ticksPerFrame) + 1;
    }

    /// <summary>Distinct video timestamps received: frames whose PES arrived, in order.</summary>
    public int FramesReceived => PacketPts.Count;

    /// <summary>Frames the decoder reported damage in (H.264 prints one "error while decoding MB" per damaged slice).</summary>
    public int DamagedFrames => DecoderErrors.Count(e => e.Contains("error while decoding", StringComparison.Ordinal));

    /// <summary>Decoded frames without reported damage: the conservative count of what a viewer saw intact.</summary>
    public long IntactFrames => DecodedFrames - DamagedFrames;

    /// <summary>Reads a snapshot of <paramref name="captureFile"/> (it may still be growing).</summary>
    public static async Task<CapturedVideo> ReadAsync(string captureFile, TimeSpan timeout)
    {
        var snapshot = Path.Combine(Path.GetTempPath(), $"relayworker-capture-{Guid.NewGuid():N}.ts");
        await using (var source = new FileStream(captureFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        await using (var target = File.Create(snapshot))
        {
            await source.CopyToAsync(target);
        }
        try
        {
            await using var packets = ManagedProcess.Start(
                "ffprobe",
                ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts", "-of", "csv=p=0", snapshot],
                new ProcessOptions { Name = "ffprobe packets" });
            if (await packets.WaitForExitAsync(timeout) != 0)
            {
                throw new InvalidOperationException($"ffprobe could not list packets of the capture:\n{packets.StandardError}");
            }
            var pts = packets.StandardOutput
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => long.TryParse(line.TrimEnd(','), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : (long?)null)
                .OfType<long>()
                .Distinct()
                .Order()
                .ToList();

            await using var frames = ManagedProcess.Start(
                "ffprobe",
                ["-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", snapshot],
                new ProcessOptions { Name = "ffprobe frames" });
            if (await frames.WaitForExitAsync(timeout) != 0)
            {
                throw new InvalidOperationException($"ffprobe could not decode the capture:\n{frames.StandardError}");
            }
            // An MPEG-TS capture lists the stream once per program and once on its own: the same count each time.
            var decoded = long.Parse(
                frames.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0].TrimEnd(','),
                NumberStyles.Integer,
                CultureInfo.InvariantCulture);
            var errors = frames.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return new CapturedVideo(pts, decoded, errors);
        }
        finally
        {
            File.Delete(snapshot);
        }
    }
}
