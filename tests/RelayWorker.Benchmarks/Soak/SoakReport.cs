using System.Globalization;
using RelayWorker.Benchmarks.Relay;
using RelayWorker.Benchmarks.Reporting;

namespace RelayWorker.Benchmarks.Soak;

/// <summary>The soak's closing tables: resources start vs end (and their trend), faults and restarts, gaps per route.</summary>
internal static class SoakReport
{
    public static void Print(SoakOutcome o)
    {
        var (schedule, rig, samples, faults) = (o.Schedule, o.Rig, o.Samples, o.Faults);
        var start = samples[0];
        var end = samples[^1];
        var seconds = MonotonicClock.Seconds(start.Resources.At, end.Resources.At);
        Console.WriteLine();
        Console.WriteLine($"Worker process (from /proc), start vs end of {Number.F(seconds / 60, "0.0")} min:");
        var resources = new MarkdownTable("figure", "start", "end", "min over samples", "max over samples");
        Row(resources, "RSS (MiB)", samples, s => s.Resources.RssMiB, "0.0");
        Row(resources, "open file descriptors", samples, s => s.Resources.OpenFileDescriptors, "0");
        Row(resources, "threads", samples, s => s.Resources.Threads, "0");
        Row(resources, "ffmpeg children", samples, s => s.FfmpegChildren, "0");
        resources.Row("worker CPU (cores, average over the soak)", "-", Number.F((end.Resources.CpuSeconds - start.Resources.CpuSeconds) / seconds, "0.000"), "-", "-");
        Console.WriteLine(resources);

        Console.WriteLine("Faults injected and what the worker did about them:");
        var faultsTable = new MarkdownTable("figure", "value");
        faultsTable.Row("SIGKILLs sent to a route's ffmpeg", faults.Kills.ToString(CultureInfo.InvariantCulture));
        faultsTable.Row("kills skipped (route had no live ffmpeg at that moment)", faults.SkippedKills.ToString(CultureInfo.InvariantCulture));
        faultsTable.Row("source flaps (publisher stopped)", $"{faults.Flaps} ({Number.F(faults.FlapSeconds, "0.0")} s in all)");
        faultsTable.Row("restarts at start (by reason)", start.Reasons);
        faultsTable.Row("restarts at end (by reason)", end.Reasons);
        faultsTable.Row("restarts during the soak", (end.TotalRestarts - start.TotalRestarts).ToString(CultureInfo.InvariantCulture));
        faultsTable.Row("ffmpeg starts seen in /proc during the soak (20 ms poll)", o.FfmpegStarts.ToString(CultureInfo.InvariantCulture));
        faultsTable.Row("routes with media within 60 s after the end", $"{o.Recovered.Count(r => r is not null)}/{o.Recovered.Count}");
        faultsTable.Row("ffmpeg writing to our sinks that are not the worker's children", o.StrayRelays.ToString(CultureInfo.InvariantCulture));
        faultsTable.Row("worker log lines during the soak", $"{o.LogLines} ({Number.F(o.LogBytes / 1024.0 / seconds, "0.0")} KiB/s)");
        Console.WriteLine(faultsTable);

        Console.WriteLine($"Gaps in media at each sink during the soak (a gap is time between two datagrams; counted above {UdpSink.CountedGap.TotalSeconds:0} s):");
        var gaps = new MarkdownTable("route", "longest gap (s)", "gaps > 2 s", "of which began during a source flap", "others (kills)", "received MiB",
            "\"Non-monotonous DTS\" warnings", "s with frozen output clock");
        var totalCounted = 0;
        var longest = 0.0;
        for (var i = 0; i < schedule.Routes; i++)
        {
            var sink = rig.Sinks[i];
            var (longestGap, counted, list) = sink.GapsUntil(o.EndAt);
            var flapGaps = list.Count(g => g.Seconds > UdpSink.CountedGap.TotalSeconds && faults.DuringFlap(g.StartedAt));
            totalCounted += counted;
            longest = Math.Max(longest, longestGap);
            gaps.Row(
                RelayRig.RouteName(i),
                Number.F(longestGap, "0.00"),
                counted.ToString(CultureInfo.InvariantCulture),
                flapGaps.ToString(CultureInfo.InvariantCulture),
                (counted - flapGaps).ToString(CultureInfo.InvariantCulture),
                Number.F(sink.BytesReceived / 1024.0 / 1024.0, "0.0"),
                o.Log.TimestampWarnings(RelayRig.RouteName(i)).ToString(CultureInfo.InvariantCulture),
                Number.F(o.Clocks.FrozenSeconds(RelayRig.RouteName(i)), "0"));
        }
        Console.WriteLine(gaps);
        var frozen = Enumerable.Range(0, schedule.Routes).Sum(i => o.Clocks.FrozenSeconds(RelayRig.RouteName(i)));
        Console.WriteLine($"frozen output clock: {Number.F(frozen, "0")} route-seconds of {Number.F(seconds * schedule.Routes, "0")} (progress out_time advancing at under half of wall time while the same ffmpeg runs; polled every 5 s)");
        Console.WriteLine($"all routes: longest gap {Number.F(longest, "0.00")} s, {totalCounted} gaps > 2 s (expected about kills + flaps x routes = {faults.Kills} + {faults.Flaps} x {schedule.Routes} when every fault interrupts media for more than 2 s)");
        Console.WriteLine(MachineFacts.LoadLine());
    }

    private static void Row(MarkdownTable table, string name, IReadOnlyList<SoakSnapshot> samples, Func<SoakSnapshot, double> value, string format) =>
        table.Row(name, Number.F(value(samples[0]), format), Number.F(value(samples[^1]), format), Number.F(samples.Min(value), format), Number.F(samples.Max(value), format));
}
