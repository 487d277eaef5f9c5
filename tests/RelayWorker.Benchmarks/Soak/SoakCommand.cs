using RelayWorker.Benchmarks.Cli;
using RelayWorker.Benchmarks.Infrastructure;
using RelayWorker.Benchmarks.Relay;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Soak;

/// <summary>
/// Issue 5 item 2: N copy routes under the worker for a chosen duration while their ffmpegs are SIGKILLed at random
/// and the source flaps. Prints the worker's RSS, open descriptors and threads at the start, every --sample-every
/// seconds and at the end (a leak shows as a number that keeps growing), restarts by reason, ffmpeg starts, and
/// the gaps in media at every sink.
/// </summary>
internal static class SoakCommand
{
    public static async Task<int> RunAsync(CommandOptions options)
    {
        options.RejectUnknown("routes", "duration", "kill-every", "flap-every", "flap-for", "sample-every", "seed");
        var schedule = new SoakSchedule(
            options.Int("routes", 10, 1, 100),
            options.Duration("duration", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), TimeSpan.FromHours(6)),
            options.SecondsRange("kill-every", (15, 45), 1, 3600),
            options.SecondsRange("flap-every", (60, 120), 5, 3600),
            options.SecondsRange("flap-for", (3, 8), 1, 600),
            options.Duration("sample-every", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), TimeSpan.FromHours(1)),
            options.Int("seed", Environment.TickCount & 0xFFFF, 0, int.MaxValue));
        Console.WriteLine(
            $"soak: {schedule.Routes} copy routes for {schedule.Duration}; SIGKILL a random route's ffmpeg every {Range(schedule.KillEvery)} s; "
            + $"publisher stopped for {Range(schedule.FlapFor)} s every {Range(schedule.FlapEvery)} s; seed {schedule.Seed}");

        await using var rig = await RelayRig.StartAsync(schedule.Routes);
        var log = new WorkerLogCounter();
        await using var worker = BenchmarkWorker.Start(rig.Routes(schedule.Routes), onLogLine: log.Observe);
        await worker.WaitUntilLiveAsync(TimeSpan.FromSeconds(60));
        if ((await rig.FirstMediaAsync(schedule.Routes, worker.StartedAt, TimeSpan.FromSeconds(90))).Any(t => t is null))
        {
            throw new InvalidOperationException($"not every route delivered media at the start:\n{worker.OutputTail()}");
        }
        // Let start-up allocations and JIT settle, so the start figures are the steady state, not the boot.
        await Task.Delay(TimeSpan.FromSeconds(15));

        using var children = new ChildWatch(worker);
        foreach (var sink in rig.Sinks)
        {
            sink.ResetGaps();
        }
        var start = await SoakSnapshot.TakeAsync(worker);
        var startsBefore = children.Starts;
        var logLinesBefore = log.Lines;
        var logBytesBefore = log.Bytes;
        var clocks = new MediaClockWatch();
        var samples = new List<SoakSnapshot> { start };
        Print("start", start, start, start);
        PrintDescriptors(worker);

        var faults = new FaultLog();
        var random = new Random(schedule.Seed);
        using var deadline = new CancellationTokenSource(schedule.Duration);
        await Task.WhenAll(
            KillLoopAsync(worker, rig, schedule, faults, new Random(random.Next()), deadline.Token),
            FlapLoopAsync(rig, schedule, faults, new Random(random.Next()), deadline.Token),
            SampleLoopAsync(worker, schedule, samples, start, deadline.Token),
            clocks.RunAsync(worker, deadline.Token));

        // The last flap has ended (its loop restarts the publisher before returning): give every route time to recover.
        var endAt = MonotonicClock.Now;
        var recovered = await rig.FirstMediaAsync(schedule.Routes, endAt, TimeSpan.FromSeconds(60));
        var end = await SoakSnapshot.TakeAsync(worker);
        samples.Add(end);
        Print("end", end, start, samples[^2]);
        PrintDescriptors(worker);
        var strays = StrayRelays(worker, rig);
        SoakReport.Print(new SoakOutcome(schedule, rig, samples, faults, children.Starts - startsBefore, recovered, endAt, strays, log, clocks,
            log.Lines - logLinesBefore, log.Bytes - logBytesBefore));
        return 0;
    }

    private static async Task KillLoopAsync(WorkerProcess worker, RelayRig rig, SoakSchedule schedule, FaultLog faults, Random random, CancellationToken stop)
    {
        while (await DelayAsync(Between(random, schedule.KillEvery), stop))
        {
            var route = random.Next(schedule.Routes);
            var destination = rig.Sinks[route].PlainUrl;
            var victim = worker.FfmpegChildren().FirstOrDefault(pid => ProcFs.CommandLine(pid).Contains(destination));
            if (victim == 0)
            {
                faults.Skipped();
                Console.WriteLine($"  {Elapsed(worker)} kill {RelayRig.RouteName(route)}: no live ffmpeg at this moment, skipped");
                continue;
            }
            UnixSignal.Send(victim, UnixSignal.Kill);
            faults.Killed();
            Console.WriteLine($"  {Elapsed(worker)} SIGKILL {RelayRig.RouteName(route)} ffmpeg pid {victim}");
        }
    }

    private static async Task FlapLoopAsync(RelayRig rig, SoakSchedule schedule, FaultLog faults, Random random, CancellationToken stop)
    {
        while (await DelayAsync(Between(random, schedule.FlapEvery), stop))
        {
            var gone = Between(random, schedule.FlapFor);
            var stoppedAt = MonotonicClock.Now;
            await rig.Publisher.StopAsync();
            Console.WriteLine($"  publisher stopped for {gone.TotalSeconds:0.0} s");
            // Never cut a flap short at the deadline: the publisher must come back before the end figures are taken.
            await Task.Delay(gone, CancellationToken.None);
            await rig.RestartPublisherAsync();
            faults.Flapped(stoppedAt, MonotonicClock.Now);
            Console.WriteLine("  publisher back");
        }
    }

    private static async Task SampleLoopAsync(WorkerProcess worker, SoakSchedule schedule, List<SoakSnapshot> samples, SoakSnapshot start, CancellationToken stop)
    {
        while (await DelayAsync(schedule.SampleEvery, stop))
        {
            var sample = await SoakSnapshot.TakeAsync(worker);
            samples.Add(sample);
            Print("sample", sample, start, samples[^2]);
        }
    }

    /// <summary>ffmpeg processes writing to one of our sinks that are not the worker's children: leaked relays.</summary>
    private static int StrayRelays(WorkerProcess worker, RelayRig rig)
    {
        var own = worker.FfmpegChildren().ToHashSet();
        return rig.Sinks.Sum(sink => ProcFs.ProcessesWithArgument(sink.PlainUrl).Count(pid => !own.Contains(pid)));
    }

    private static void Print(string label, SoakSnapshot s, SoakSnapshot start, SoakSnapshot previous)
    {
        var minutes = MonotonicClock.Seconds(start.Resources.At, s.Resources.At) / 60;
        var interval = MonotonicClock.Seconds(previous.Resources.At, s.Resources.At);
        var cpu = interval > 0 ? (s.Resources.CpuSeconds - previous.Resources.CpuSeconds) / interval : double.NaN;
        Console.WriteLine(
            $"[{label} +{Number.F(minutes, "0.0")} min] worker RSS {Number.F(s.Resources.RssMiB, "0.0")} MiB, fds {s.Resources.OpenFileDescriptors}, threads {s.Resources.Threads}, "
            + $"ffmpeg children {s.FfmpegChildren}, worker CPU over the last interval {Number.F(cpu, "0.000")} cores, restarts {s.TotalRestarts} ({s.Reasons}), load {ProcFs.LoadAverage()}");
    }

    private static void PrintDescriptors(WorkerProcess worker) =>
        Console.WriteLine($"  worker descriptors by kind: {string.Join(", ", ProcFs.FileDescriptorKinds(worker.Pid).Select(kv => $"{kv.Key} {kv.Value}"))}");

    /// <summary>Waits, returning false (without throwing) once the soak's deadline has passed.</summary>
    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static TimeSpan Between(Random random, (TimeSpan Low, TimeSpan High) range) =>
        range.Low + ((range.High - range.Low) * random.NextDouble());

    private static string Range((TimeSpan Low, TimeSpan High) range) => $"{range.Low.TotalSeconds:0}-{range.High.TotalSeconds:0}";

    private static string Elapsed(WorkerProcess worker) => $"+{MonotonicClock.SecondsSince(worker.StartedAt):0}s";
}
