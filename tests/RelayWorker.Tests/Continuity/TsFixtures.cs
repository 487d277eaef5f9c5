using System.Diagnostics;
using System.Globalization;
using RelayWorker.Continuity;

namespace RelayWorker.Tests.Continuity;

/// <summary>
/// Real MPEG-TS made by ffmpeg once per test run, the way a continuous route's ingests write it (fixed PIDs,
/// one audio frame per PES), so the splicer is tested on the bytes it will really see.
/// </summary>
internal static class TsFixtures
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), $"relayworker-ts-fixtures-{Environment.ProcessId}");
    private static readonly Lazy<Task<byte[]>> H264A = new(() => MakeAsync("h264-a.ts", "testsrc2", "libx264", 440, 0));
    private static readonly Lazy<Task<byte[]>> H264B = new(() => MakeAsync("h264-b.ts", "smptebars", "libx264", 880, 500));
    private static readonly Lazy<Task<byte[]>> H265 = new(() => MakeAsync("h265.ts", "testsrc2", "libx265", 440, 0));

    public static Task<byte[]> H264PrimaryAsync() => H264A.Value;

    /// <summary>Another picture and tone, with a clock 500 s ahead of the primary's, as a separate encoder would have.</summary>
    public static Task<byte[]> H264BackupAsync() => H264B.Value;

    public static Task<byte[]> H265Async() => H265.Value;

    public static List<byte[]> Packets(byte[] stream)
    {
        var packets = new List<byte[]>();
        for (var i = 0; i + TsPacket.Size <= stream.Length; i += TsPacket.Size)
        {
            packets.Add(stream.AsSpan(i, TsPacket.Size).ToArray());
        }
        return packets;
    }

    /// <summary>DTS of the first video PES, from the packets themselves.</summary>
    public static long FirstVideoDts(IEnumerable<byte[]> packets)
    {
        foreach (var packet in packets)
        {
            if (TsPacket.Pid(packet) == VideoPid && TsPacket.StartsUnit(packet)
                && PesHeader.TryRead(packet.AsSpan(TsPacket.PayloadOffset(packet)), out _, out var dts))
            {
                return dts;
            }
        }
        throw new InvalidOperationException("no video PES");
    }

    public const int VideoPid = 256;
    public const int AudioPid = 257;

    public static string WriteTemp(string name, IEnumerable<byte[]> packets)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name);
        using var file = File.Create(path);
        foreach (var packet in packets)
        {
            file.Write(packet);
        }
        return path;
    }

    public static async Task<string> RunAsync(string fileName, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{fileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return (await stdout) + (await stderr);
    }

    private static async Task<byte[]> MakeAsync(string name, string pattern, string encoder, int tone, int clockOffsetSeconds)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name);
        var output = await RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", $"{pattern}=size=160x96:rate=25:duration=3",
            "-f", "lavfi", "-i", $"sine=frequency={tone}:sample_rate=48000:duration=3",
            "-map", "0:v", "-map", "1:a", "-c:v", encoder, "-preset", "ultrafast", "-g", "10", "-bf", "2", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-ar", "48000", "-ac", "2",
            "-output_ts_offset", clockOffsetSeconds.ToString(CultureInfo.InvariantCulture),
            "-f", "mpegts", "-mpegts_start_pid", "256", "-mpegts_pmt_start_pid", "4096", "-pes_payload_size", "0", path);
        var bytes = await File.ReadAllBytesAsync(path);
        return bytes.Length > 0 ? bytes : throw new InvalidOperationException($"ffmpeg made no {name}: {output}");
    }
}
