using System.Globalization;
using RelayWorker.Benchmarks.Cli;
using RelayWorker.Benchmarks.Infrastructure;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// Issue 5, outage recovery: the source goes away for --gap seconds and comes back; time from nginx's "publish" log
/// line to the next datagram at each worker's sink. One worker per Restart setting, all reading the same source, so
/// every setting sees the very same outage at the same moment. Two kinds of outage:
/// <c>publisher</c> (the publisher stops; nginx-rtmp keeps the relay's play session open and idle, so ffmpeg just
/// waits, up to its 10 s read timeout) and <c>server</c> (nginx itself stops, so every reconnect is refused at once
/// and the worker's backoff decides when the relay tries again).
/// </summary>
internal static class OutageBenchmark
{
    public const string Default = "default";
    public const string MaxDelay2s = "max2s";
    public const string PublisherOutage = "publisher";
    public const string ServerOutage = "server";

    public static async Task<int> RunAsync(CommandOptions options)
    {
        options.RejectUnknown("outages", "gap", "between", "settings", "kinds");
        var outages = options.Int("outages", 3, 1, 50);
        var gap = options.Duration("gap", TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        var between = options.Duration("between", TimeSpan.FromSeconds(65), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));
        var settings = options.Choices("settings", [Default, MaxDelay2s], Default, MaxDelay2s);
        var kinds = options.Choices("kinds", [PublisherOutage, ServerOutage], PublisherOutage, ServerOutage);
        Console.WriteLine($"outage: {outages} outage(s) of each kind ({string.Join(", ", kinds)}) of {gap.TotalSeconds:0.#} s, {between.TotalSeconds:0} s of media between them (longer than StableAfter, 60 s by default, so each starts from a reset backoff)");
        Console.WriteLine($"  {Default}: Restart defaults (InitialDelay 00:00:00.250, MaxDelay 00:00:30, StableAfter 00:01:00)");
        Console.WriteLine($"  {MaxDelay2s}: Relay__Restart__InitialDelay=00:00:00.250, Relay__Restart__MaxDelay=00:00:02");

        await using var rig = await RelayRig.StartAsync(settings.Count);
        var workers = new List<(string Name, WorkerProcess Worker, UdpSink Sink, ChildWatch Watch)>();
        try
        {
            for (var i = 0; i < settings.Count; i++)
            {
                var extra = settings[i] == MaxDelay2s
                    ? new Dictionary<string, string> { ["Relay__Restart__InitialDelay"] = "00:00:00.250", ["Relay__Restart__MaxDelay"] = "00:00:02" }
                    : new Dictionary<string, string>();
                var route = rig.Routes(settings.Count)[i];
                var worker = BenchmarkWorker.Start([route], extra);
                workers.Add((settings[i], worker, rig.Sinks[i], new ChildWatch(worker)));
            }
            foreach (var w in workers)
            {
                await w.Worker.WaitUntilLiveAsync(TimeSpan.FromSeconds(60));
                if (await w.Sink.FirstDatagramAfterAsync(w.Worker.StartedAt, TimeSpan.FromSeconds(60)) is null)
                {
                    throw new InvalidOperationException($"{w.Name}: no media before the first outage:\n{w.Worker.OutputTail()}");
                }
            }
            var rows = new List<OutageResult>();
            for (var round = 0; round < outages * kinds.Count; round++)
            {
                var outage = (round / kinds.Count) + 1;
                var kind = kinds[round % kinds.Count];
                await Task.Delay(between);
                var startsBefore = workers.Select(w => w.Watch.Starts).ToList();
                var restartsBefore = new List<SortedDictionary<string, long>>();
                foreach (var w in workers)
                {
                    restartsBefore.Add(await w.Worker.RestartsByReasonAsync());
                }
                await rig.Publisher.StopAsync();
                if (kind == ServerOutage)
                {
                    await rig.Nginx.StopAsync();
                }
                await Task.Delay(gap);
                var backoffs = new List<string>();
                foreach (var w in workers)
                {
                    var route = (await w.Worker.RoutesAsync())[0];
                    backoffs.Add($"{route.GetProperty("state").GetString()} {(route.GetProperty("backoffSeconds").ValueKind == System.Text.Json.JsonValueKind.Number ? route.GetProperty("backoffSeconds").GetDouble().ToString("0.0", CultureInfo.InvariantCulture) + " s" : "")}".Trim());
                }
                var startsDuringGap = workers.Select((w, i) => w.Watch.Starts - startsBefore[i]).ToList();
                if (kind == ServerOutage)
                {
                    await rig.Nginx.StartAgainAsync();
                }
                var published = await rig.RestartPublisherAsync();
                for (var i = 0; i < workers.Count; i++)
                {
                    var w = workers[i];
                    var media = await w.Sink.FirstDatagramAfterAsync(published, TimeSpan.FromSeconds(120));
                    // Bytes prove nothing after a publisher returned into a held session (frozen timestamps): media moves
                    // once one ffmpeg's PTS at the sink has advanced by MovingSpan.
                    var moving = await w.Sink.MediaMovingAfterAsync(published, MovingSpan, TimeSpan.FromSeconds(120));
                    var restarts = await w.Worker.RestartsByReasonAsync();
                    var delta = string.Join(", ", restarts.Where(kv => kv.Value != restartsBefore[i].GetValueOrDefault(kv.Key)).Select(kv => $"{kv.Key}+{kv.Value - restartsBefore[i].GetValueOrDefault(kv.Key)}"));
                    var row = new OutageResult(kind, w.Name, outage, media is { } m ? MonotonicClock.Seconds(published, m) : null, startsDuringGap[i], w.Watch.Starts - startsBefore[i], delta, backoffs[i])
                    {
                        MovingSeconds = moving is { } mv ? MonotonicClock.Seconds(published, mv) : null,
                    };
                    rows.Add(row);
                    Console.WriteLine(
                        $"  outage {outage} {kind,-9} {w.Name,-8} source back -> media {(row.RecoverySeconds is { } r ? Number.Ms(r) + " ms" : "none within 120 s")}, moving media {(row.MovingSeconds is { } mvs ? Number.Ms(mvs) + " ms" : "none within 120 s")}, "
                        + $"ffmpeg starts during the {gap.TotalSeconds:0} s outage {row.StartsDuringGap} (until media {row.StartsUntilMedia}), state at source back: {row.StateAtReturn}, restarts {delta}, load {ProcFs.LoadAverage()}");
                }
            }
            Print(rows, gap);
            return rows.All(r => r.RecoverySeconds is not null && r.MovingSeconds is not null) ? 0 : 1;
        }
        finally
        {
            foreach (var w in workers)
            {
                w.Watch.Dispose();
                await w.Worker.DisposeAsync();
            }
        }
    }

    private static void Print(IReadOnlyList<OutageResult> rows, TimeSpan gap)
    {
        Console.WriteLine();
        Console.WriteLine($"Source back (nginx logs the publish) -> first datagram at the sink, ms; ffmpeg starts counted from /proc during the {gap.TotalSeconds:0} s outage:");
        var table = new MarkdownTable("outage kind", "settings", "outages", "recovery ms (min / median / max)", "moving media ms (min / median / max)", "ffmpeg starts during outage (min / median / max)", "starts until media (max)", "not recovered");
        foreach (var group in rows.GroupBy(r => (r.Kind, r.Settings)))
        {
            var list = group.ToList();
            table.Row(
                group.Key.Kind,
                group.Key.Settings,
                list.Count.ToString(CultureInfo.InvariantCulture),
                Stats.Spread([.. list.Where(r => r.RecoverySeconds is not null).Select(r => r.RecoverySeconds!.Value * 1000)], "0"),
                Stats.Spread([.. list.Where(r => r.MovingSeconds is not null).Select(r => r.MovingSeconds!.Value * 1000)], "0"),
                Stats.Spread([.. list.Select(r => (double)r.StartsDuringGap)], "0"),
                list.Max(r => r.StartsUntilMedia).ToString(CultureInfo.InvariantCulture),
                list.Count(r => r.RecoverySeconds is null).ToString(CultureInfo.InvariantCulture));
        }
        Console.WriteLine(table);
        Console.WriteLine(MachineFacts.LoadLine());
    }

    /// <summary>Media at the sink moves once one ffmpeg's PTS has advanced this much (BENCHMARKS.md §14).</summary>
    private static readonly TimeSpan MovingSpan = TimeSpan.FromMilliseconds(500);

    private sealed record OutageResult(string Kind, string Settings, int Outage, double? RecoverySeconds, int StartsDuringGap, int StartsUntilMedia, string RestartDelta, string StateAtReturn)
    {
        /// <summary>Source back to moving media at the sink; null when it never moved within the wait.</summary>
        public double? MovingSeconds { get; init; }
    }
}
