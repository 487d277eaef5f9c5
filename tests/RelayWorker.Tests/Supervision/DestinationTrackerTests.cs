using RelayWorker.Status;
using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

/// <summary>The lines are ffmpeg 5.1's own, captured from a tee + fifo run with one dead destination.</summary>
public sealed class DestinationTrackerTests
{
    private const string Live = "srt://127.0.0.1:19995?pkt_size=1316";
    private const string Dead = "srt://127.0.0.1:19994?pkt_size=1316";

    [Fact]
    public void Observe_DeadDestinationThenMediaFlows_MarksOnlyTheDeadOneDown()
    {
        var tracker = new DestinationTracker([Live, Dead]);

        tracker.Observe($"[srt @ 0x7ffa10000d80] Connection to {Dead} failed: Input/output error", isError: true, "redacted-1");
        tracker.Observe($"[fifo @ 0x55c72f2b76c0] Error opening {Dead}: Input/output error", isError: true, "redacted-2");
        tracker.MediaFlowing();

        Assert.Equal([DestinationState.Up, DestinationState.Down], tracker.Views.Select(v => v.State));
        Assert.EndsWith("): redacted-2", tracker.Views[1].LastError, StringComparison.Ordinal);
        Assert.StartsWith("destination 1 (", tracker.Views[1].LastError, StringComparison.Ordinal);
        Assert.Null(tracker.Views[0].LastError);
    }

    [Fact]
    public void Observe_FifoRecoverySuccessful_BringsTheDestinationThatFailedBackUp()
    {
        var tracker = new DestinationTracker([Live, Dead]);
        tracker.Observe($"[fifo @ 0x55c72f2b76c0] Error opening {Dead}: Input/output error", isError: true, "e");
        tracker.MediaFlowing();

        tracker.Observe("[fifo @ 0x55c72f2b76c0] Recovery failed: Input/output error", isError: false, "e2");
        Assert.Equal(DestinationState.Down, tracker.Views[1].State);
        tracker.Observe("[fifo @ 0x55c72f2b76c0] Recovery successful", isError: false, "ok");

        Assert.Equal([DestinationState.Up, DestinationState.Up], tracker.Views.Select(v => v.State));
    }

    [Fact]
    public void Observe_RecoveryFromAnUnknownFifo_ChangesNothing()
    {
        var tracker = new DestinationTracker([Live, Dead]);
        tracker.MediaFlowing();

        tracker.Observe("[fifo @ 0x1234] Recovery failed: Input/output error", isError: false, "e");

        Assert.Equal([DestinationState.Up, DestinationState.Up], tracker.Views.Select(v => v.State));
    }

    [Fact]
    public void Observe_TeeSlaveFailed_MarksThatIndexDown()
    {
        var tracker = new DestinationTracker([Live, Dead, "rtmp://127.0.0.1/live/x"]);

        tracker.Observe("[tee @ 0x55] Slave muxer #2 failed: Broken pipe, continuing with 2/3 slaves.", isError: true, "e");
        tracker.MediaFlowing();

        Assert.Equal([DestinationState.Up, DestinationState.Up, DestinationState.Down], tracker.Views.Select(v => v.State));
    }

    [Fact]
    public void Observe_TargetThatPrefixesAnother_AttributesToTheLongestMatch()
    {
        var tracker = new DestinationTracker(["udp://127.0.0.1:5000", "udp://127.0.0.1:50001"]);

        tracker.Observe("[udp @ 0x1] Error opening udp://127.0.0.1:50001: refused", isError: true, "e");

        Assert.Equal([DestinationState.Connecting, DestinationState.Down], tracker.Views.Select(v => v.State));
    }

    [Fact]
    public void Observe_InformationalLineQuotingADestination_DoesNotMarkItDown()
    {
        var tracker = new DestinationTracker([Live]);

        tracker.Observe($"Output #0, mpegts, to '{Live}':", isError: false, "o");
        tracker.MediaFlowing();

        Assert.Equal([DestinationState.Up], tracker.Views.Select(v => v.State));
    }
}
