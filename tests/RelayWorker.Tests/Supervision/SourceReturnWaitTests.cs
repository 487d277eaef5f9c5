using System.Net;
using RelayWorker.Supervision;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Supervision;

/// <summary>How a route with a TCP source waits between failed runs: the backoff, cut short once its server is back.</summary>
public sealed class SourceReturnWaitTests
{
    private static readonly DnsEndPoint Server = new("127.0.0.1", 1935);
    private static readonly TimeSpan QuickFailure = TimeSpan.FromMilliseconds(50);
    private readonly ObservableTimeProvider _time = new();
    private readonly FakeProbe _probe = new();

    [Theory]
    [InlineData(0.125, 2)]
    [InlineData(1.9, 2)]
    [InlineData(8, 8)]
    [InlineData(30, 30)]
    public void Planned_NeverBelowTheStartSpacing(double backoffSeconds, double expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), SourceReturnWait.Planned(TimeSpan.FromSeconds(backoffSeconds)));

    [Fact(Timeout = 10_000)]
    public async Task WaitAsync_ServerRefusesThroughout_WaitsTheWholePlan()
    {
        var (ending, waited) = await RunAsync(new SourceReturnWait(_probe, Server, _time), TimeSpan.FromSeconds(8), QuickFailure);

        Assert.Equal(SourceReturnWait.Ending.DelayOver, ending);
        Assert.Equal(TimeSpan.FromSeconds(8), waited);
        // Asked every half second once the start spacing allowed a start: 1.95 s, 2.45 s ... 7.95 s.
        Assert.Equal(13, _probe.Asked);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitAsync_ServerBackAfterRefusing_StartsAtTheNextProbe()
    {
        _probe.AcceptsAfter = 3;

        var (ending, waited) = await RunAsync(new SourceReturnWait(_probe, Server, _time), TimeSpan.FromSeconds(30), QuickFailure);

        Assert.Equal(SourceReturnWait.Ending.ServerAccepts, ending);
        // Refused at 1.95, 2.45 and 2.95 s; accepted at 3.45 s.
        Assert.Equal(TimeSpan.FromSeconds(3.45), waited);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitAsync_ServerAcceptsButFfmpegFailedAtOnce_WaitsTheWholePlan()
    {
        // A server that never refused while ffmpeg fails within milliseconds (a wrong path): backing off is right.
        _probe.AcceptsAfter = 0;

        var (ending, waited) = await RunAsync(new SourceReturnWait(_probe, Server, _time), TimeSpan.FromSeconds(4), QuickFailure);

        Assert.Equal(SourceReturnWait.Ending.DelayOver, ending);
        Assert.Equal(TimeSpan.FromSeconds(4), waited);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitAsync_LastRunWaitedLongAsAPlayer_StartsAtOnce()
    {
        // nginx-rtmp kept the player waiting for an absent publisher until ffmpeg's 10 s read timeout: a new player waits
        // the same way, one start per ten seconds, and gets the stream the moment the publisher is back.
        _probe.AcceptsAfter = 0;

        var (ending, waited) = await RunAsync(new SourceReturnWait(_probe, Server, _time), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(10));

        Assert.Equal(SourceReturnWait.Ending.ServerAccepts, ending);
        Assert.Equal(TimeSpan.Zero, waited);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitAsync_LastRunFailedLongAfterItsMedia_WaitsTheWholePlan()
    {
        // The source was there (a destination that refuses after a few seconds): no reason to start again early.
        _probe.AcceptsAfter = 0;

        var (ending, waited) = await RunAsync(new SourceReturnWait(_probe, Server, _time), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3),
            lastRunHadMedia: true);

        Assert.Equal(SourceReturnWait.Ending.DelayOver, ending);
        Assert.Equal(TimeSpan.FromSeconds(4), waited);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitAsync_ServerAcceptedButTheNextRunFailedAtOnce_BacksOffAgain()
    {
        var wait = new SourceReturnWait(_probe, Server, _time);
        _probe.AcceptsAfter = 1;
        Assert.Equal(SourceReturnWait.Ending.ServerAccepts, (await RunAsync(wait, TimeSpan.FromSeconds(30), QuickFailure)).Ending);

        // The run that followed failed within 50 ms although the server accepts: the earlier refusal is history.
        var (ending, waited) = await RunAsync(wait, TimeSpan.FromSeconds(8), QuickFailure);

        Assert.Equal(SourceReturnWait.Ending.DelayOver, ending);
        Assert.Equal(TimeSpan.FromSeconds(8), waited);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitAsync_SpreadShare_NoEarlyStartBeforeIt()
    {
        _probe.AcceptsAfter = 0;

        var (ending, waited) = await RunAsync(new SourceReturnWait(_probe, Server, _time), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10),
            notBefore: TimeSpan.FromSeconds(3));

        Assert.Equal(SourceReturnWait.Ending.ServerAccepts, ending);
        Assert.Equal(TimeSpan.FromSeconds(3), waited);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitAsync_Stopped_Cancels()
    {
        using var stop = new CancellationTokenSource();
        var waiting = new SourceReturnWait(_probe, Server, _time).WaitAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, false, TimeSpan.Zero, stop.Token);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    /// <summary>Runs one wait, moving fake time to each timer it arms; returns how it ended and how much fake time it took.</summary>
    private async Task<(SourceReturnWait.Ending Ending, TimeSpan Waited)> RunAsync(
        SourceReturnWait wait, TimeSpan planned, TimeSpan lastRunLived, TimeSpan? notBefore = null, bool lastRunHadMedia = false)
    {
        var begin = _time.GetUtcNow();
        var mark = _time.TimerCount;
        var waiting = wait.WaitAsync(planned, lastRunLived, lastRunHadMedia, notBefore ?? TimeSpan.Zero, CancellationToken.None);
        for (var step = 0; step < 1000 && !waiting.IsCompleted; step++)
        {
            await Eventually.True(() => waiting.IsCompleted || _time.TimerCount > mark, "the wait to arm its next timer or end");
            if (waiting.IsCompleted || !_time.TryFindTimerSince(mark, _ => true, out var due))
            {
                break;
            }
            mark = _time.TimerCount;
            _time.Advance(due);
        }
        return (await waiting, _time.GetUtcNow() - begin);
    }

    private sealed class FakeProbe : ISourceProbe
    {
        private int _asked;

        /// <summary>How many probes are refused before the server accepts; never by default.</summary>
        public int AcceptsAfter { get; set; } = int.MaxValue;

        public int Asked => Volatile.Read(ref _asked);

        public Task<bool> AcceptsAsync(DnsEndPoint server, CancellationToken cancel)
        {
            cancel.ThrowIfCancellationRequested();
            return Task.FromResult(Interlocked.Increment(ref _asked) > AcceptsAfter);
        }
    }
}
