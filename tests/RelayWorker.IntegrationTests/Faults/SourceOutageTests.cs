using System.Diagnostics;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Faults;

[Collection(TestLanes.Waiting)]
public sealed class SourceOutageTests(ITestOutputHelper output)
{
    private const string Route = "cam1";
    private const int Outages = 3;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(8);

    // Relay__Restart__StableAfter: a run this long resets the backoff. Each outage then
    // starts from the same state (first restart immediate, then the default InitialDelay 250 ms doubling), so the
    // three outages are comparable, and the route needs only seconds of good media between them, not a minute.
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(5);

    // The bound on ffmpeg starts during one 8 s outage, from the backoff design alone (default InitialDelay 250 ms),
    // even if every start failed instantly and jitter always chose the shortest delay (50 %): the first restart is
    // immediate, the next ones wait 0.125, 0.25, 0.5, 1, 2, 4 s, so the starts fall at 0, 0.125, 0.375, 0.875,
    // 1.875, 3.875 and 7.875 s and the 8th not before 15.875 s. At most 7 fit into 8 s; a hot loop would start
    // dozens. Far fewer happen: nginx-rtmp keeps a player of an unpublished stream waiting (no restart at all),
    // and an SRT caller takes its 3 s connect timeout to fail.
    private const int MaxStartsPerOutage = 7;

    [Fact(Timeout = 150_000)]
    public async Task Supervisor_RtmpPublisherGoneForEightSecondsThreeTimes_MediaResumesEachTimeWithoutHotLoop()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl(Route));
        await using var sink = UdpSink.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, nginx.RtmpUrl(Route), sink.Url)
            .Set("Relay__Restart__StableAfter", "00:00:05")
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(30));
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(15));

        // The publisher is back once it publishes to nginx again; recovery is measured from there.
        await RunOutagesAsync(worker, sink, publisher, async () =>
        {
            await publisher.RestartAsync();
            return Stopwatch.StartNew();
        });
    }

    /// <summary>
    /// The same outages with a source that refuses the relay while it is gone: the publisher is an SRT listener, so
    /// each ffmpeg start fails (no listener) and the backoff, not a waiting server, is what prevents a hot loop.
    /// </summary>
    [Fact(Timeout = 150_000)]
    public async Task Supervisor_SrtListenerSourceGoneForEightSecondsThreeTimes_BackoffBoundsStartsAndMediaResumes()
    {
        var port = FreePort.Udp();
        await using var sink = UdpSink.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, $"srt://127.0.0.1:{port}?pkt_size=1316", sink.Url)
            // StableAfter must be longer than one failed attempt: an SRT caller gives up on a missing listener after
            // its 3 s connect timeout, and the worker counts any run that long as good, whether it moved media or not.
            .Set("Relay__Restart__StableAfter", "00:00:05")
            .Build());
        using var report = worker.ReportTo(output);
        // A listening publisher only starts publishing once the relay has called it, so it starts alongside the worker.
        await using var publisher = await TestPatternPublisher.StartSrtAsync($"srt://127.0.0.1:{port}?mode=listener&pkt_size=1316");
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(30));
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(15));

        // RestartAsync returns only once the relay has connected, so the clock starts before it (and includes the
        // publisher's own start-up, a few hundred milliseconds).
        await RunOutagesAsync(worker, sink, publisher, async () =>
        {
            var back = Stopwatch.StartNew();
            await publisher.RestartAsync();
            return back;
        });
    }

    private async Task RunOutagesAsync(WorkerProcess worker, UdpSink sink, TestPatternPublisher publisher, Func<Task<Stopwatch>> bringBack)
    {
        var recoveries = new List<TimeSpan>();
        var startsPerOutage = new List<int>();
        var delaysPerOutage = new List<IReadOnlyList<int>>();
        for (var outage = 1; outage <= Outages; outage++)
        {
            await WaitForStableRunAsync(worker);
            var lineBefore = worker.Lines().Count;
            var pidsSeen = new HashSet<int>(worker.FfmpegChildren());
            // Alternate a clean end of stream (SIGTERM) with a crashed encoder (SIGKILL).
            if (outage % 2 == 1)
            {
                await publisher.StopAsync();
            }
            else
            {
                await publisher.KillAsync();
            }

            // The outage lasts exactly Outage. Meanwhile every child the worker starts is recorded, and the route's
            // status is sampled to see how long it goes on claiming to stream with no media (printed, see below).
            var gone = Stopwatch.StartNew();
            var nextSample = TimeSpan.Zero;
            var claimedStreaming = TimeSpan.Zero;
            await Poll.UntilAsync(
                async () =>
                {
                    pidsSeen.UnionWith(worker.FfmpegChildren());
                    if (gone.Elapsed >= nextSample)
                    {
                        var at = gone.Elapsed;
                        nextSample = at + TimeSpan.FromMilliseconds(500);
                        if (await worker.StateAsync(Route) == "Running" && await IsReadyAsync(worker))
                        {
                            claimedStreaming = at;
                        }
                    }
                    return gone.Elapsed >= Outage;
                },
                Outage + TimeSpan.FromSeconds(5),
                "the outage to last its time");
            var startsDuringOutage = worker.StartedPids(Route, lineBefore).Count;
            startsPerOutage.Add(startsDuringOutage);
            delaysPerOutage.Add(worker.RestartDelays(lineBefore));

            var back = await bringBack();
            await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(30), minimumGrowth: 1);
            var recovery = back.Elapsed;
            recoveries.Add(recovery);
            await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(10));
            await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(10));
            output.WriteLine($"outage {outage}: {startsDuringOutage} ffmpeg start(s) in {Outage.TotalSeconds:0} s, {pidsSeen.Count} distinct child pid(s) seen; "
                + $"first media {recovery.TotalMilliseconds:0} ms after the publisher was back; the route still reported Running and ready "
                + $"{claimedStreaming.TotalSeconds:0.0} s into the outage");
        }

        output.WriteLine($"publisher back -> media at sink: {FaultWorker.Summary(recoveries)}; starts per outage: {string.Join(", ", startsPerOutage)}; "
            + $"restart delays (ms) per outage: {string.Join(" | ", delaysPerOutage.Select(d => string.Join(", ", d)))}");
        Assert.All(startsPerOutage, starts => Assert.InRange(starts, 0, MaxStartsPerOutage));
        // Only the first restart after a good run is immediate: every later one in the same outage waits at least
        // InitialDelay × 0.5.
        Assert.All(delaysPerOutage, delays => Assert.True(delays.Skip(1).All(ms => ms > 0),
            $"consecutive failed starts were restarted without delay: {string.Join(", ", delays)} ms"));
        // Media must resume within seconds: the longest restart delay reached in 8 s (4 s at most) plus ffmpeg's
        // 3 s FLV probe (or SRT's connection set-up) and the wait for the next keyframe (2 s GOP).
        Assert.All(recoveries, t => Assert.True(t < TimeSpan.FromSeconds(10), $"media resumed only {t.TotalSeconds:0.0} s after the publisher"));
    }

    private static async Task<bool> IsReadyAsync(WorkerProcess worker)
    {
        using var response = await worker.HttpClient.GetAsync(new Uri("healthz/ready", UriKind.Relative));
        return response.IsSuccessStatusCode;
    }

    private static Task WaitForStableRunAsync(WorkerProcess worker) =>
        Poll.UntilAsync(
            async () => await worker.RouteAsync(Route) is var route && route.State() == "Running" && route.UptimeSeconds() >= StableAfter.TotalSeconds + 0.5,
            TimeSpan.FromSeconds(20),
            "the route streaming for longer than StableAfter");
}
