using System.Globalization;
using System.Text.Json;

namespace RelayWorker.TestSupport;

/// <summary>
/// The judge of "decodable media": the real ffprobe, so a test passes only when a real player would find the
/// codecs the relay claims to deliver.
/// </summary>
internal static class Ffprobe
{
    /// <summary>
    /// Probes a file or URL. <paramref name="countPackets"/> reads every packet (cheap, no decoding) and
    /// <paramref name="countFrames"/> decodes everything; use either on files only, since a live URL never ends.
    /// Throws <see cref="TimeoutException"/> when ffprobe does not finish in time (e.g. a silent live stream)
    /// and <see cref="InvalidOperationException"/> with ffprobe's message when it fails.
    /// </summary>
    public static async Task<ProbeResult> ProbeAsync(string input, TimeSpan timeout, bool countPackets = false, bool countFrames = false)
    {
        List<string> arguments = ["-v", "error", "-show_streams", "-show_format", "-of", "json"];
        if (countPackets)
        {
            arguments.Add("-count_packets");
        }
        if (countFrames)
        {
            arguments.Add("-count_frames");
        }
        arguments.Add(input);

        await using var process = ManagedProcess.Start("ffprobe", arguments, new ProcessOptions { Name = "ffprobe" });
        var exitCode = await process.WaitForExitAsync(timeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"ffprobe exited with {exitCode} for {input}:\n{process.StandardError}");
        }
        return Parse(process.StandardOutput);
    }

    internal static ProbeResult Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var streams = new List<ProbeStream>();
        if (root.TryGetProperty("streams", out var streamArray))
        {
            foreach (var s in streamArray.EnumerateArray())
            {
                streams.Add(new ProbeStream(
                    (int)(Number(s, "index") ?? 0),
                    Text(s, "codec_type") ?? "unknown",
                    Text(s, "codec_name"),
                    (int?)Number(s, "width"),
                    (int?)Number(s, "height"),
                    Text(s, "avg_frame_rate"),
                    Number(s, "bit_rate"),
                    Number(s, "nb_read_packets"),
                    Number(s, "nb_read_frames"),
                    Text(s, "sample_aspect_ratio"),
                    Text(s, "display_aspect_ratio")));
            }
        }
        string? formatName = null;
        double? duration = null;
        long? bitRate = null;
        if (root.TryGetProperty("format", out var format))
        {
            formatName = Text(format, "format_name");
            duration = double.TryParse(Text(format, "duration"), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
            bitRate = Number(format, "bit_rate");
        }
        return new ProbeResult(streams, formatName, duration, bitRate);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    // ffprobe prints some numbers as JSON numbers (width) and others as strings (bit_rate, nb_read_packets).
    private static long? Number(JsonElement element, string name) =>
        long.TryParse(Text(element, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
