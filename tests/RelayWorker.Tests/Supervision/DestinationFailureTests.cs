using Microsoft.Extensions.Time.Testing;
using RelayWorker.Status;
using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

/// <summary>
/// The lines are ffmpeg 5.1's own, captured from a tee + fifo run whose RTMP slave could not write its
/// header (a GStreamer MPEG-TS source before the codec-tag fix) and whose fifo then retried every second
/// while nginx-rtmp still held the first session.
/// </summary>
public sealed class DestinationFailureTests
{
    private const string Rtmp = "rtmp://127.0.0.1:19351/live/a";
    private const string Srt = "udp://127.0.0.1:19555?pkt_size=1316";

    private static readonly string[] HeaderRefused =
    [
        "[flv @ 0x555d55f29000] Tag HDMV incompatible with output codec id '27' ([7][0][0][0])",
        "[flv @ 0x555d55f29000] Unknown option 'flvflags'",
    ];

    private static readonly string[] AlreadyPublishingRetry =
    [
        "[rtmp @ 0x7f0aa4003080] Server error: Already publishing",
        $"[fifo @ 0x555d55f2e400] Error opening {Rtmp}: Operation not permitted",
        "[fifo @ 0x555d55f2e400] Recovery failed: Operation not permitted",
    ];

    private readonly FakeTimeProvider _time = new();

    private static void Feed(DestinationTracker tracker, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            tracker.Observe(line, isError: !line.Contains("Recovery failed", StringComparison.Ordinal), line);
        }
    }

    [Fact]
    public void Observe_HeaderRefusedThenOneRetry_CauseIsTheMuxersRefusalWithItsText()
    {
        var tracker = new DestinationTracker([Rtmp, Srt], timeProvider: _time);

        Feed(tracker, HeaderRefused);
        Feed(tracker, AlreadyPublishingRetry.Take(2));

        Assert.Equal(DestinationState.Down, tracker.Views[0].State);
        Assert.Equal(DestinationFailureCause.Incompatible, tracker.Views[0].Cause);
        Assert.Contains("Tag HDMV incompatible", tracker.Views[0].LastError, StringComparison.Ordinal);
        Assert.Equal(1, tracker.Views[0].Failures);
        Assert.Equal(0, tracker.Views[1].Failures);
    }

    [Fact]
    public void Observe_SameRefusalOnEveryRetry_BecomesFailingWithThatCause()
    {
        var tracker = new DestinationTracker([Rtmp, Srt], timeProvider: _time);
        Feed(tracker, HeaderRefused);

        for (var retry = 0; retry < 4; retry++)
        {
            Feed(tracker, AlreadyPublishingRetry);
        }
        tracker.MediaFlowing();

        Assert.Equal([DestinationState.Failing, DestinationState.Up], tracker.Views.Select(v => v.State));
        Assert.Equal(DestinationFailureCause.Rejected, tracker.Views[0].Cause);
        Assert.True(tracker.Views[0].Failures >= DestinationFailures.RepeatThreshold);
        Assert.Contains("Already publishing", tracker.Views[0].LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_RecoverySuccessful_ClearsCauseAndCount()
    {
        var tracker = new DestinationTracker([Rtmp, Srt], timeProvider: _time);
        for (var retry = 0; retry < 3; retry++)
        {
            Feed(tracker, AlreadyPublishingRetry);
        }

        tracker.Observe("[fifo @ 0x555d55f2e400] Recovery successful", isError: false, "ok");

        Assert.Equal(DestinationState.Up, tracker.Views[0].State);
        Assert.Null(tracker.Views[0].Cause);
        Assert.Equal(0, tracker.Views[0].Failures);
    }

    [Fact]
    public void Observe_DecoderErrorBeforeADestinationFailure_IsNotTakenAsItsCause()
    {
        var tracker = new DestinationTracker([Rtmp], timeProvider: _time);

        tracker.Observe("[h264 @ 0x55] non-existing PPS 0 referenced", isError: true, "pps");
        tracker.Observe($"[fifo @ 0x1] Error opening {Rtmp}: Connection refused", isError: true, "refused");

        Assert.Equal(DestinationFailureCause.Unreachable, tracker.Views[0].Cause);
        Assert.EndsWith(": refused", tracker.Views[0].LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void TakeReport_RepeatingDestination_ReportsOncePerMinuteWithTheAttemptsSince()
    {
        var failures = new DestinationFailures(1, _time);
        for (var i = 0; i < DestinationFailures.RepeatThreshold - 1; i++)
        {
            failures.AttemptFailed(0, DestinationFailureCause.Rejected);
        }
        Assert.False(failures.TakeReport(0, out _));

        failures.AttemptFailed(0, DestinationFailureCause.Rejected);
        Assert.True(failures.TakeReport(0, out var first));
        Assert.Equal(DestinationFailures.RepeatThreshold, first);

        for (var i = 0; i < 30; i++)
        {
            failures.AttemptFailed(0, DestinationFailureCause.Rejected);
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.False(failures.TakeReport(0, out _));
        }
        _time.Advance(TimeSpan.FromSeconds(30));
        failures.AttemptFailed(0, DestinationFailureCause.Rejected);
        Assert.True(failures.TakeReport(0, out var second));
        Assert.Equal(31, second);
    }

    [Fact]
    public void AttemptFailed_CauseChanges_RestartsTheSameCauseCount()
    {
        var failures = new DestinationFailures(1, _time);
        failures.AttemptFailed(0, DestinationFailureCause.Unreachable);
        failures.AttemptFailed(0, DestinationFailureCause.Unreachable);
        failures.AttemptFailed(0, DestinationFailureCause.Rejected);

        Assert.False(failures.IsRepeating(0));
        Assert.Equal(3, failures.Consecutive[0]);
    }

    [Theory]
    [InlineData("[flv @ 0x1] Tag HDMV incompatible with output codec id '27' ([7][0][0][0])", DestinationFailureCause.Incompatible)]
    [InlineData("[flv @ 0x1] Audio codec mp2 not compatible with flv", DestinationFailureCause.Incompatible)]
    [InlineData("[rtmp @ 0x1] Server error: Already publishing", DestinationFailureCause.Rejected)]
    [InlineData("[fifo @ 0x1] Error opening rtmp://h/live/x: Operation not permitted", DestinationFailureCause.Rejected)]
    [InlineData("[fifo @ 0x1] Error opening rtmp://h/live/x: Connection refused", DestinationFailureCause.Unreachable)]
    [InlineData("[srt @ 0x1] Connection to srt://h:1 failed: Input/output error", DestinationFailureCause.Unreachable)]
    [InlineData("[fifo @ 0x1] Error writing to srt://h:1: Broken pipe", DestinationFailureCause.Broken)]
    [InlineData("[tee @ 0x1] Slave muxer #1 failed: Cannot allocate memory", DestinationFailureCause.Failed)]
    public void Classify_FfmpegLines_NameWhatAnOperatorCanActOn(string line, string cause)
    {
        Assert.Equal(cause, DestinationFailureCause.Classify(line));
    }
}
