using RelayWorker.Benchmarks.Cli;
using RelayWorker.Benchmarks.Infrastructure;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Soak;

/// <summary>
/// A continuous route under random source faults for a long time: a primary and a backup published to nginx-rtmp,
/// the built-in slate, an SRT listener and a UDP viewer as destinations. Every few seconds one fault: a publisher
/// vanishes (SIGKILL) and returns after a few seconds, both vanish, or the ingest on air is SIGKILLed. Prints the
/// switch times, the worker's RSS over time, the destinations' connections and what the viewer's recording shows
/// (clock never backwards, largest step, decode errors, media span against wall time).
/// </summary>
internal static class ContinuitySoakCommand
{
    private const string Route = "soak";

    public static async Task<int> RunAsync(CommandOptions options)
    {
        options.RejectUnknown("minutes", "fault-every", "seed");
        var minutes = options.Int("minutes", 30, 1, 600);
        var (faultLow, faultHigh) = options.SecondsRange("fault-every", (8, 15), 4, 600);
        var random = new Random(options.Int("seed", 1, 0, int.MaxValue));
        Console.WriteLine($"continuity-soak: {minutes} min, a fault every {faultLow.TotalSeconds:0}-{faultHigh.TotalSeconds:0} s");

        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var primary = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("main"), 640, 360);
        await using var backup = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("backup"), 640, 360);
        await using var srt = await SrtSink.StartAsync();
        await using var recorder = UdpRecorder.Start();
        var log = new SwitchLog();
        await using var worker = WorkerProcess.Start(new Dictionary<string, string>
        {
            [$"Relay__Routes__{Route}__Source"] = nginx.RtmpUrl("main"),
            [$"Relay__Routes__{Route}__Backups__0"] = nginx.RtmpUrl("backup"),
            [$"Relay__Routes__{Route}__Slate"] = "builtin",
            [$"Relay__Routes__{Route}__Destinations__0"] = srt.Url,
            [$"Relay__Routes__{Route}__Destinations__1"] = recorder.Url,
            ["Relay__Failover__FailbackAfter"] = "00:00:03",
        }, launch: new WorkerLaunch { Assembly = RepositoryLayout.WorkerSnapshot, RetainedLines = 60, OnLogLine = log.Observe });
        await Poll.UntilAsync(() => log.OnAir is not null, TimeSpan.FromSeconds(60), "the route's first switch");
        await srt.WaitForBytesAsync(1, TimeSpan.FromSeconds(30));
        var began = MonotonicClock.Now;
        var end = began + (long)(minutes * 60 * System.Diagnostics.Stopwatch.Frequency);
        var faults = new List<SoakFault>();
        var rss = new List<(double Minute, double RssMiB, int Children)>();

        while (MonotonicClock.Now < end && !worker.HasExited)
        {
            if (ResourceSample.Of(worker.Pid) is { } sample && (rss.Count == 0 || MonotonicClock.SecondsSince(began) / 60 >= rss[^1].Minute + 1))
            {
                rss.Add((MonotonicClock.SecondsSince(began) / 60, sample.RssMiB, sample.Children));
            }
            var fault = await SoakFault.InjectAsync(random.Next(4), primary, backup, worker, log, random);
            faults.Add(fault);
            await Task.Delay(Between(random, faultLow, faultHigh));
        }
        var wall = MonotonicClock.SecondsSince(began);
        var connections = srt.Connections;
        var rssEnd = ResourceSample.Of(worker.Pid)?.RssMiB;
        await worker.DisposeAsync();
        await recorder.StopAsync();
        var clock = await CapturedClock.ReadAsync(recorder.File);

        SoakFault.Report(faults, log);
        Console.WriteLine();
        Console.WriteLine("| minute | worker RSS (MiB) | children |");
        Console.WriteLine("| --- | --- | --- |");
        foreach (var (minute, mib, children) in rss)
        {
            Console.WriteLine($"| {Number.F(minute, "0")} | {Number.F(mib, "0.0")} | {children} |");
        }
        Console.WriteLine($"| end | {(rssEnd is { } r ? Number.F(r, "0.0") : "-")} | - |");
        Console.WriteLine();
        Console.WriteLine($"SRT destination: {connections} connection(s) over {Number.F(wall / 60, "0.0")} min; UDP viewer: {recorder.SourcePortCount} sending port(s)");
        Console.WriteLine($"viewer's recording: {clock.Describe()}");
        Console.WriteLine($"media span / wall: {Number.F(clock.VideoSpanSeconds, "0.0")} s / {Number.F(wall, "0.0")} s = {Number.F(clock.VideoSpanSeconds / wall, "0.000")}");
        return 0;
    }

    private static TimeSpan Between(Random random, TimeSpan low, TimeSpan high) =>
        low + TimeSpan.FromMilliseconds(random.NextDouble() * (high - low).TotalMilliseconds);
}
