using RelayWorker.Benchmarks.Cli;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// What a continuous route costs against a plain one: the same 720p25 source on nginx-rtmp relayed to a UDP
/// destination, as a copy route and as a ladder rung, each plain and continuous (a backup on the same server and the
/// built-in slate). Runs alternate, so both variants meet the same machine; CPU is utime+stime of the worker and all
/// its children over the window, memory their summed RSS at its end.
/// </summary>
internal static class ContinuityCostBenchmark
{
    private const string Route = "cost";

    public static async Task<int> RunAsync(CommandOptions options)
    {
        options.RejectUnknown("reps", "seconds", "profiles");
        var reps = options.Int("reps", 2, 1, 20);
        var window = TimeSpan.FromSeconds(options.Int("seconds", 30, 5, 600));
        var profiles = options.Choices("profiles", ["copy", "576p25"], "copy", "576p25", "288p25", "720p25");
        Console.WriteLine($"continuity-cost: {reps} runs per variant, {window.TotalSeconds:0} s windows after 10 s of streaming");

        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var primary = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("main"), 1280, 720, videoKbps: 2500);
        await using var backup = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("backup"), 1280, 720, videoKbps: 2500);
        Console.WriteLine("| profile | variant | run | processes | cores (worker + children) | RSS (MiB, summed) |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        var results = new Dictionary<(string, bool), List<double>>();
        foreach (var profile in profiles)
        {
            for (var run = 1; run <= reps; run++)
            {
                foreach (var continuous in new[] { false, true })
                {
                    var (cores, rss, processes) = await MeasureAsync(nginx, profile, continuous, window);
                    (results.TryGetValue((profile, continuous), out var list) ? list : results[(profile, continuous)] = []).Add(cores);
                    Console.WriteLine($"| {profile} | {(continuous ? "continuous" : "plain")} | {run} | {processes} | {Number.F(cores, "0.000")} | {Number.F(rss, "0.0")} |");
                }
            }
        }
        Console.WriteLine();
        foreach (var profile in profiles)
        {
            var plain = results[(profile, false)].Average();
            var continuous = results[(profile, true)].Average();
            Console.WriteLine($"{profile}: continuous / plain CPU = {Number.F(continuous / plain, "0.00")} ({Number.F(continuous, "0.000")} against {Number.F(plain, "0.000")} cores)");
        }
        return 0;
    }

    private static async Task<(double Cores, double RssMiB, int Processes)> MeasureAsync(NginxRtmpServer nginx, string profile, bool continuous, TimeSpan window)
    {
        await using var sink = UdpSink.Start();
        var settings = new Dictionary<string, string>
        {
            [$"Relay__Routes__{Route}__Source"] = nginx.RtmpUrl("main"),
            [$"Relay__Routes__{Route}__Destinations__0"] = sink.Url,
            [$"Relay__Routes__{Route}__Profile"] = profile,
        };
        if (continuous)
        {
            settings[$"Relay__Routes__{Route}__Backups__0"] = nginx.RtmpUrl("backup");
            settings[$"Relay__Routes__{Route}__Slate"] = "builtin";
        }
        await using var worker = WorkerProcess.Start(settings, launch: new WorkerLaunch { Assembly = RepositoryLayout.WorkerSnapshot, RetainedLines = 60 });
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(10));
        var processes = worker.ChildPids().Append(worker.Pid).ToList();
        var cpu = CpuWindow.Begin(processes);
        await Task.Delay(window);
        var (cores, gone, _) = cpu.End();
        if (gone > 0)
        {
            Console.WriteLine($"warning: {gone} of the measured processes ended during the window");
        }
        var rss = processes.Select(ProcFs.RssMiB).OfType<double>().Sum();
        return (cores.Values.Sum(), rss, processes.Count);
    }
}
