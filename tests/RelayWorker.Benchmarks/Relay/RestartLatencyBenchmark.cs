using System.Globalization;
using RelayWorker.Benchmarks.Cli;
using RelayWorker.Benchmarks.Infrastructure;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// Issue 5, restart latency: SIGKILL the route's ffmpeg, then time the replacement child (polled every 1 ms from
/// /proc) and the first datagram the replacement sends (a new source port at the sink). Targets take turns, one
/// kill each per round, so the shared machine's load drifts over all of them alike.
/// </summary>
internal static class RestartLatencyBenchmark
{
    public const string Worker = "worker";
    public const string WorkerStable = "worker-stable";
    public const string NginxImmediate = "nginx-0";
    public const string NginxDefault = "nginx-5s";

    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(CommandOptions options)
    {
        options.RejectUnknown("kills", "settle", "targets");
        var kills = options.Int("kills", 20, 1, 200);
        var settle = options.Duration("settle", TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        var names = options.Choices("targets", [WorkerStable, Worker, NginxImmediate, NginxDefault], WorkerStable, Worker, NginxImmediate, NginxDefault);
        Console.WriteLine($"restart-latency: {kills} kills per target, {settle.TotalSeconds:0.#} s of media before each kill; targets {string.Join(", ", names)}");
        Console.WriteLine($"  {WorkerStable}: the worker with Relay__Restart__StableAfter=00:00:05, so every kill follows a run the worker calls stable (restart delay 0)");
        Console.WriteLine($"  {Worker}: the worker with default Restart settings (StableAfter 60 s): kills {settle.TotalSeconds:0.#} s apart are consecutive short runs");
        Console.WriteLine($"  {NginxImmediate} / {NginxDefault}: nginx-rtmp exec_push of the worker's own ffmpeg command line, respawn_timeout 0 / nginx's default 5 s");

        var targets = new List<KillTarget>();
        try
        {
            // A worker target comes first: the nginx targets run its child's exact argument vector.
            var templateSource = await KillTarget.WorkerAsync("template", new Dictionary<string, string>());
            var template = templateSource.CommandLine();
            await templateSource.DisposeAsync();
            foreach (var name in names)
            {
                targets.Add(name switch
                {
                    WorkerStable => await KillTarget.WorkerAsync(name, new Dictionary<string, string> { ["Relay__Restart__StableAfter"] = "00:00:05" }),
                    Worker => await KillTarget.WorkerAsync(name, new Dictionary<string, string>()),
                    NginxImmediate => await KillTarget.NginxExecPushAsync(name, template.Arguments, template.Source, template.Destination, TimeSpan.Zero),
                    _ => await KillTarget.NginxExecPushAsync(name, template.Arguments, template.Source, template.Destination, null),
                });
            }
            var measurements = new List<KillMeasurement>();
            for (var kill = 1; kill <= kills; kill++)
            {
                foreach (var target in targets)
                {
                    var m = await KillOnceAsync(target, kill, settle);
                    measurements.Add(m);
                    Console.WriteLine($"  kill {kill,3} {target.Name,-14} replacement {Ms(m.ReplacementSeconds)} ms, first media {Ms(m.FirstMediaSeconds)} ms, load {ProcFs.LoadAverage()}");
                }
            }
            await PrintAsync(measurements, targets);
            return measurements.All(m => m.FirstMediaSeconds is not null) ? 0 : 1;
        }
        finally
        {
            foreach (var target in targets)
            {
                await target.DisposeAsync();
            }
        }
    }

    private static async Task<KillMeasurement> KillOnceAsync(KillTarget target, int kill, TimeSpan settle)
    {
        var settleLeft = settle - TimeSpan.FromSeconds(MonotonicClock.SecondsSince(target.MediaResumedAt));
        if (settleLeft > TimeSpan.Zero)
        {
            await Task.Delay(settleLeft);
        }
        if (!await Poll.TryUntilAsync(() => target.Children().Count == 1, TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException($"{target.Name}: expected exactly one ffmpeg, found {target.Children().Count}");
        }
        var old = target.Children()[0];
        var oldPort = target.Sink.LastSourcePort;
        var killedAt = MonotonicClock.Now;
        UnixSignal.Send(old, UnixSignal.Kill);
        // Both waits start at once, so neither the replacement nor its first datagram can slip past unobserved.
        var media = target.Sink.FirstDatagramAfterAsync(killedAt, KillTimeout, oldPort);
        var replaced = Poll.SpinUntilAsync(() => target.Children().Any(pid => pid != old), KillTimeout);
        var replacedAt = await replaced;
        var mediaAt = await media;
        target.MediaResumedAt = mediaAt ?? MonotonicClock.Now;
        return new KillMeasurement(
            target.Name,
            kill,
            replacedAt is { } r ? MonotonicClock.Seconds(killedAt, r) : null,
            mediaAt is { } m ? MonotonicClock.Seconds(killedAt, m) : null);
    }

    private static async Task PrintAsync(IReadOnlyList<KillMeasurement> measurements, IReadOnlyList<KillTarget> targets)
    {
        Console.WriteLine();
        Console.WriteLine("Milliseconds from SIGKILL (p50 / p95 nearest-rank / max):");
        var table = new MarkdownTable("target", "kills", "kill -> replacement ffmpeg", "kill -> first media at the sink", "replacement -> first media (p50)", "no media within 120 s");
        foreach (var group in measurements.GroupBy(m => m.Target))
        {
            var replaced = group.Where(m => m.ReplacementSeconds is not null).Select(m => m.ReplacementSeconds!.Value).ToList();
            var media = group.Where(m => m.FirstMediaSeconds is not null).Select(m => m.FirstMediaSeconds!.Value).ToList();
            var probe = group.Where(m => m.ReplacementSeconds is not null && m.FirstMediaSeconds is not null)
                .Select(m => m.FirstMediaSeconds!.Value - m.ReplacementSeconds!.Value).ToList();
            table.Row(
                group.Key,
                group.Count().ToString(CultureInfo.InvariantCulture),
                Triple(replaced),
                Triple(media),
                Number.Ms(Stats.Median(probe)),
                group.Count(m => m.FirstMediaSeconds is null).ToString(CultureInfo.InvariantCulture));
        }
        Console.WriteLine(table);
        foreach (var target in targets.Where(t => t.Worker is not null))
        {
            var reasons = await target.Worker!.RestartsByReasonAsync();
            Console.WriteLine($"{target.Name}: restarts by reason from /api/routes: {string.Join(", ", reasons.Select(kv => $"{kv.Key}={kv.Value}"))}");
        }
        Console.WriteLine($"{KillTargetsNote}");
        Console.WriteLine(MachineFacts.LoadLine());
    }

    private const string KillTargetsNote =
        "first media = the first datagram at the sink from a source port other than the killed ffmpeg's; replacement = the first new live ffmpeg child seen in /proc (1 ms poll).";

    private static string Triple(IReadOnlyCollection<double> seconds) =>
        $"{Number.Ms(Stats.Percentile(seconds, 50))} / {Number.Ms(Stats.Percentile(seconds, 95))} / {Number.Ms(Stats.Max(seconds))}";

    private static string Ms(double? seconds) => seconds is { } s ? Number.Ms(s) : "none";
}
