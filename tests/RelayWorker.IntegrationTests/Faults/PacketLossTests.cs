using RelayWorker.IntegrationTests.Infrastructure;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Faults;

[Collection(TestLanes.Main)]
public sealed class PacketLossTests(ITestOutputHelper output)
{
    private const string Route = "cam1";
    private const int FramesPerSecond = 25;

    // About 14 s of media: ~350 frames, so 4 % is ~14 frames and one unlucky burst cannot decide the result.
    private const int FramesToCapture = 350;

    [Fact(Timeout = 120_000)]
    public async Task SrtDestination_TenPercentUdpLossOnLoopback_SinkStillGetsAtLeast96PercentOfFrames()
    {
        await using var sink = await SrtSink.StartAsync();
        // Loss is on before the first packet, so every packet of the capture crossed the lossy path. Only datagrams
        // to the sink's port are dropped (data, retransmissions, the caller's handshake); the sink's ACKs and NAKs
        // back to ffmpeg pass, as on a link that is lossy in one direction. The input hook drops silently on
        // arrival, like a network; at the output hook the kernel would also fail ffmpeg's sendmsg with EPERM.
        await using var loss = await NftablesLoss.StartAsync(sink.Port, oneIn: 10, hook: "input");

        // latency is in microseconds in ffmpeg's srt options: 400 ms lets SRT retransmit a lost packet many times
        // over on loopback before its delivery deadline; SRT uses the larger of both peers' latencies.
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, FaultWorker.TestPattern(Route), sink.Url + "&latency=400000")
            .SmallProfile(Route)
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(
            async () => (await worker.RouteAsync(Route)).GetProperty("progress").GetProperty("frames").GetInt64() >= FramesToCapture,
            TimeSpan.FromSeconds(40),
            $"the worker to send {FramesToCapture} frames");
        var workerFrames = (await worker.RouteAsync(Route)).GetProperty("progress").GetProperty("frames").GetInt64();
        var restarts = (await worker.RouteAsync(Route)).GetProperty("restarts").GetInt32();

        // Stop the worker (ffmpeg gets SIGINT and finishes its last frame) and let the sink go quiet, so the capture
        // ends on a whole frame: a snapshot of a growing file ends mid-frame, which the decoder rightly calls damage.
        Assert.True(worker.Signal(UnixSignal.Terminate));
        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        await sink.WaitForSilenceAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        var (seen, dropped) = await loss.CountersAsync();

        // Method: the route encodes at a constant 25 fps, so consecutive frames are 3600 ticks (90 kHz) apart and the
        // span between the first and last frame in the capture says how many frames were sent in that window, lost
        // ones included. Frames received = distinct video timestamps in the capture; intact = frames ffprobe's
        // decoder decodes minus those it reports damage in. The worker's own frame counter is printed as a
        // cross-check (read before the stop, so a little lower than what was finally sent). As a control, the same
        // encode sent over plain UDP through the same rule arrived 87 % intact: the measure does see 10 % loss.
        var video = await CapturedVideo.ReadAsync(sink.CaptureFile, TimeSpan.FromSeconds(30));
        var sent = video.FramesSentInSpan(FramesPerSecond);
        var receivedRatio = (double)video.FramesReceived / sent;
        var intactRatio = (double)video.IntactFrames / sent;
        output.WriteLine($"nft: {dropped} of {seen} datagrams to the sink dropped ({100.0 * dropped / Math.Max(1, seen):0.0} %); "
            + $"frames sent in the captured span {sent}, received {video.FramesReceived} ({100 * receivedRatio:0.0} %), "
            + $"decoded {video.DecodedFrames}, damaged {video.DamagedFrames}, intact {video.IntactFrames} ({100 * intactRatio:0.0} %); "
            + $"worker counted {workerFrames} frames before the stop; restarts {restarts}");
        foreach (var error in video.DecoderErrors.Take(10))
        {
            output.WriteLine("decoder: " + error);
        }

        // The loss really happened, at about the rate asked for (binomial, thousands of datagrams).
        Assert.True(seen > 500, $"only {seen} datagrams reached the rule");
        Assert.InRange((double)dropped / seen, 0.07, 0.13);
        // One ffmpeg run throughout: a restart would also restart the timestamps the method relies on.
        Assert.Equal(0, restarts);
        Assert.True(sent >= FramesToCapture - 2 * FramesPerSecond, $"the capture spans only {sent} frames");
        Assert.True(receivedRatio >= 0.96, $"received {video.FramesReceived} of {sent} frames ({100 * receivedRatio:0.0} %)");
        Assert.True(intactRatio >= 0.96, $"{video.IntactFrames} of {sent} frames arrived intact ({100 * intactRatio:0.0} %)");
    }
}
