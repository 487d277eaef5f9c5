using System.Globalization;
using RelayWorker.Benchmarks.Cli;
using RelayWorker.Benchmarks.Infrastructure;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// Fast start: from launching a process (the worker with a cold `dotnet` start, or a bare ffmpeg) to the first
/// MPEG-TS packet of video at a UDP sink, for one RTMP→UDP copy route. Variants alternate within every repetition:
/// the worker (its capability listings read from a cache file the uncounted first run wrote, as on every start
/// after the first on a machine, or in the container image); the worker listing ffmpeg first (no cache, a first
/// start); a bare ffmpeg with the worker's own argument vector (the same source options); a bare
/// `ffmpeg -i SRC -c copy -f mpegts udp://…` with ffmpeg's defaults; with <c>--baseline PATH</c>, another build of the
/// worker (e.g. the previous commit's, published elsewhere) beside this one, on the same cache.
/// </summary>
internal static class FirstFrameBenchmark
{
    private const string Worker = "worker";
    private const string WorkerNoCache = "worker-no-cache";
    private const string BareSame = "bare-same-options";
    private const string BareDefault = "bare-default";
    private const string WorkerBaseline = "worker-baseline";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(CommandOptions options)
    {
        options.RejectUnknown("reps", "gop", "variants", "baseline");
        var reps = options.Int("reps", 10, 1, 100);
        var gop = options.Int("gop", 1, 1, 10);
        var variants = options.Choices("variants", [Worker, WorkerNoCache, BareSame, BareDefault], Worker, WorkerNoCache, BareSame, BareDefault);
        var baselineWorker = options.ExistingFile("baseline");
        if (baselineWorker is not null)
        {
            variants = [.. variants, WorkerBaseline];
        }
        Console.WriteLine($"first-frame: {reps} repetition(s), GOP {gop} s, variants {string.Join(",", variants)}"
            + (baselineWorker is null ? "" : $", baseline {baselineWorker}"));
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await GopPublisher.StartAsync(nginx, RelayRig.Stream, gop);
        var source = nginx.RtmpUrl(RelayRig.Stream);
        using var cacheDirectory = TempDirectory.Create("first-frame");
        var cache = new Dictionary<string, string> { ["Relay__CapabilityCache"] = cacheDirectory.File("ffmpeg-capabilities.json") };

        // One uncounted run of the worker: it reports the argument vector the bare "same options" runs reuse, it
        // writes the capability cache, and the disk cache holds the executable afterwards, as on any host that has
        // started it once.
        var workerArguments = await WorkerArgumentsAsync(source, cache);
        var results = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var random = new Random(1);
        for (var rep = 1; rep <= reps; rep++)
        {
            foreach (var variant in rep % 2 == 1 ? variants : variants.Reverse())
            {
                // A random phase against the GOP, so no variant always starts just before a keyframe.
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1000, 1000 + (gop * 1000))));
                var load = ProcFs.LoadAverage();
                var seconds = await RunOnceAsync(variant, source, workerArguments, cache, baselineWorker);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  rep {rep} {variant,-18} {(seconds is { } s ? Number.Ms(s) + " ms" : "no video")}, load {load}"));
                if (seconds is { } value)
                {
                    (results.TryGetValue(variant, out var list) ? list : results[variant] = []).Add(value);
                }
            }
        }
        Print(variants, reps, results);
        return 0;
    }

    private static async Task<IReadOnlyList<string>> WorkerArgumentsAsync(string source, IReadOnlyDictionary<string, string> cache)
    {
        using var sink = new VideoTsSink();
        await using var worker = BenchmarkWorker.Start([new WorkerRoute("r01", source, sink.Url)], cache);
        if (await sink.FirstVideoAsync(Timeout) is null)
        {
            throw new InvalidOperationException($"the worker's route delivered no video\n{worker.OutputTail()}");
        }
        return FfmpegCommandLine.OfChildWritingTo(worker, sink.Url);
    }

    private static async Task<double?> RunOnceAsync(
        string variant, string source, IReadOnlyList<string> workerArguments, IReadOnlyDictionary<string, string> cache, string? baselineWorker)
    {
        using var sink = new VideoTsSink();
        if (variant is Worker or WorkerNoCache or WorkerBaseline)
        {
            var settings = variant == WorkerNoCache ? new Dictionary<string, string> { ["Relay__CapabilityCache"] = "" } : cache;
            await using var worker = BenchmarkWorker.Start(
                [new WorkerRoute("r01", source, sink.Url)], settings, worker: variant == WorkerBaseline ? baselineWorker : null);
            return Seconds(worker.StartedAt, await sink.FirstVideoAsync(Timeout));
        }
        IReadOnlyList<string> arguments = variant == BareSame
            ? FfmpegCommandLine.Replace(workerArguments, workerArguments.Single(a => a.StartsWith("udp://", StringComparison.Ordinal)), sink.Url)
            : ["-hide_banner", "-nostdin", "-loglevel", "error", "-i", source, "-c", "copy", "-f", "mpegts", sink.Url];
        await using var ffmpeg = ManagedProcess.Start("ffmpeg", arguments, new ProcessOptions { Name = variant });
        return Seconds(ffmpeg.StartedAt, await sink.FirstVideoAsync(Timeout));
    }

    private static double? Seconds(long from, long? to) => to is { } at ? MonotonicClock.Seconds(from, at) : null;

    private static void Print(IReadOnlyList<string> variants, int reps, Dictionary<string, List<double>> results)
    {
        Console.WriteLine();
        Console.WriteLine("Milliseconds from process launch to the first MPEG-TS packet of video at the UDP sink, min / median / max:");
        var baseline = results.GetValueOrDefault(BareDefault) ?? [];
        var table = new MarkdownTable("variant", "runs with video", "ms (min / median / max)", "median vs bare-default");
        foreach (var variant in variants)
        {
            var values = results.GetValueOrDefault(variant) ?? [];
            table.Row(
                variant,
                string.Create(CultureInfo.InvariantCulture, $"{values.Count} / {reps}"),
                Stats.Spread([.. values.Select(v => v * 1000)], "0"),
                baseline.Count == 0 || values.Count == 0 ? "n/a" : Number.F(Stats.Median(values) / Stats.Median(baseline)));
        }
        Console.WriteLine(table);
        Console.WriteLine(MachineFacts.LoadLine());
    }
}
