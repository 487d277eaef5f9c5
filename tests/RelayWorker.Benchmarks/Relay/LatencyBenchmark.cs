using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RelayWorker.Benchmarks.Cli;
using RelayWorker.Benchmarks.Infrastructure;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// Low added latency: what an RTMP→SRT hop adds, glass to glass, over a viewer reading the RTMP source directly.
/// Both viewers (<see cref="VideoPacketViewer"/>) watch the same publish at once; the hop is a bare default ffmpeg,
/// a bare ffmpeg with the low-latency MPEG-TS flags, or the worker, alternating within every repetition. The SRT
/// viewer listens, the hop calls it (the worker's default mode for srt:// destinations), both with SRT's default
/// latency (120 ms), which is therefore part of every figure.
/// </summary>
internal static class LatencyBenchmark
{
    private const string BareDefault = "bare-default";
    private const string BareFlags = "bare-flags";
    private const string Worker = "worker";
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly string[] LowLatencyFlags = ["-omit_video_pes_length", "0", "-flush_packets", "1"];

    public static async Task<int> RunAsync(CommandOptions options)
    {
        options.RejectUnknown("reps", "seconds", "gop", "variants", "loss-one-in");
        var reps = options.Int("reps", 3, 1, 20);
        var seconds = options.Int("seconds", 20, 5, 600);
        var gop = options.Int("gop", 2, 1, 10);
        var variants = options.Choices("variants", [BareDefault, BareFlags, Worker], BareDefault, BareFlags, Worker);
        // 0: no loss; N: one in N datagrams to the SRT viewer dropped on arrival (10 is 10 %).
        var lossOneIn = options.Int("loss-one-in", 0, 0, 1000);
        Console.WriteLine($"latency: {reps} repetition(s) of {seconds} s measured after {Warmup.TotalSeconds:0} s, GOP {gop} s, variants {string.Join(",", variants)}, "
            + (lossOneIn > 1 ? $"one in {lossOneIn} datagrams to the SRT viewer dropped" : "no loss"));
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await GopPublisher.StartAsync(nginx, RelayRig.Stream, gop);
        var source = nginx.RtmpUrl(RelayRig.Stream);
        var results = new Dictionary<string, List<AddedLatency>>(StringComparer.Ordinal);
        for (var rep = 1; rep <= reps; rep++)
        {
            foreach (var variant in rep % 2 == 1 ? variants : variants.Reverse())
            {
                var load = ProcFs.LoadAverage();
                var result = await RunOnceAsync(variant, source, TimeSpan.FromSeconds(seconds), lossOneIn);
                (results.TryGetValue(variant, out var list) ? list : results[variant] = []).Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  rep {rep} {variant,-13} frames {result.Milliseconds.Count}, added p50 {Number.F(Stats.Median(result.Milliseconds), "0")} ms, p95 {Number.F(Stats.Percentile(result.Milliseconds, 95), "0")} ms, lost {result.Lost}, load {load}"));
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
        Print(variants, results);
        return 0;
    }

    private static async Task<AddedLatency> RunOnceAsync(string variant, string source, TimeSpan measured, int lossOneIn)
    {
        var port = FreeUdpPort();
        await using var loss = lossOneIn > 1 ? await LoopbackLoss.StartAsync(port, lossOneIn) : null;
        await using var direct = VideoPacketViewer.Start(source, "rtmp-viewer");
        await using var viewer = VideoPacketViewer.Start($"srt://127.0.0.1:{port}?mode=listener", "srt-viewer");
        // The hop calls the viewer: it must listen first, or a bare ffmpeg fails at once.
        await Poll.UntilAsync(() => !UdpPortFree(port), TimeSpan.FromSeconds(10), "the SRT viewer to listen");
        var destination = $"srt://127.0.0.1:{port}?pkt_size=1316";
        await using var hop = await StartHopAsync(variant, source, destination);
        var timeout = Warmup + measured + TimeSpan.FromSeconds(30);
        await Poll.UntilAsync(() => viewer.FirstAt is not null, timeout, $"video at the SRT viewer ({variant})\n{viewer.Tail}");
        var measuredFrom = viewer.FirstAt!.Value + (long)(Warmup.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        await Poll.UntilAsync(() => MonotonicClock.SecondsSince(measuredFrom) >= measured.TotalSeconds, timeout, "the measured window");
        if (loss is not null)
        {
            Console.WriteLine($"  {variant}: datagrams to the SRT viewer {await loss.CountersAsync()}");
        }
        return AddedLatency.Match(direct.Arrivals(), viewer.Arrivals(), measuredFrom)
            ?? throw new InvalidOperationException($"{variant}: no consistent PTS match between the viewers");
    }

    private static async Task<IAsyncDisposable> StartHopAsync(string variant, string source, string destination)
    {
        if (variant == Worker)
        {
            return BenchmarkWorker.Start([new WorkerRoute("r01", source, destination)]);
        }
        List<string> arguments = ["-hide_banner", "-nostdin", "-loglevel", "error", "-i", source, "-c", "copy"];
        if (variant == BareFlags)
        {
            arguments.AddRange(LowLatencyFlags);
        }
        arguments.AddRange(["-f", "mpegts", destination]);
        await Task.CompletedTask;
        return ManagedProcess.Start("ffmpeg", arguments, new ProcessOptions { Name = variant });
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static bool UdpPortFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Print(IReadOnlyList<string> variants, Dictionary<string, List<AddedLatency>> results)
    {
        Console.WriteLine();
        Console.WriteLine("Added latency of the RTMP→SRT hop over a direct RTMP viewer, ms, every matched video frame of every run pooled:");
        var baseline = results.GetValueOrDefault(BareDefault)?.SelectMany(r => r.Milliseconds).ToList() ?? [];
        var table = new MarkdownTable("hop", "runs", "frames", "p50", "p95", "max", "p50 per run (min / median / max)", "frames lost", "p50 vs bare-default");
        foreach (var variant in variants)
        {
            var runs = results.GetValueOrDefault(variant) ?? [];
            var all = runs.SelectMany(r => r.Milliseconds).ToList();
            table.Row(
                variant,
                runs.Count.ToString(CultureInfo.InvariantCulture),
                all.Count.ToString(CultureInfo.InvariantCulture),
                Number.F(Stats.Median(all), "0"),
                Number.F(Stats.Percentile(all, 95), "0"),
                Number.F(Stats.Max(all), "0"),
                Stats.Spread([.. runs.Select(r => Stats.Median(r.Milliseconds))], "0"),
                runs.Sum(r => r.Lost).ToString(CultureInfo.InvariantCulture),
                baseline.Count == 0 || all.Count == 0 ? "n/a" : Number.F(Stats.Median(all) / Stats.Median(baseline)));
        }
        Console.WriteLine(table);
        Console.WriteLine(MachineFacts.LoadLine());
    }
}
