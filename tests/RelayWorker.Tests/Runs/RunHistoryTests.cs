using Microsoft.Extensions.Time.Testing;
using RelayWorker.Runs;
using RelayWorker.Status;

namespace RelayWorker.Tests.Runs;

public sealed class RunHistoryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly RunHistoryRegistry _runs;

    public RunHistoryTests() => _runs = new RunHistoryRegistry(new RouteStatusRegistry(), _time);

    [Fact]
    public void Runs_MoreThanKeptPerProcess_KeepsTheNewestTwentyOfEachNewestFirst()
    {
        for (var i = 0; i < 25; i++)
        {
            var run = _runs.Begin("cam1", RunHistoryRegistry.MainProcess);
            _time.Advance(TimeSpan.FromSeconds(1));
            run.End(i, RestartReason.Failed, false, null);
        }
        var standby = _runs.Begin("cam1", "standby");
        _time.Advance(TimeSpan.FromSeconds(1));
        standby.End(0, RestartReason.Exited, false, null);

        var runs = _runs.For("cam1").Runs;

        Assert.Equal(21, runs.Count);
        Assert.Equal("standby", runs[0].Process);
        Assert.Equal(Enumerable.Range(5, 20).Reverse(), runs.Skip(1).Select(r => r.ExitCode!.Value));
    }

    [Fact]
    public void Running_ShowsEachProcessRunInProgressUntilItEndsOrIsDiscarded()
    {
        var history = _runs.For("cam1");
        var main = _runs.Begin("cam1", RunHistoryRegistry.MainProcess);
        main.Line("Press [q] to stop");
        _time.Advance(TimeSpan.FromSeconds(2));
        var standby = _runs.Begin("cam1", "standby");
        _time.Advance(TimeSpan.FromSeconds(1.5));

        var running = history.Running.Select(r => r.Now()).ToList();

        Assert.Equal([RunHistoryRegistry.MainProcess, "standby"], running.Select(r => r.Process));
        Assert.Equal(3.5, running[0].DurationSeconds);
        Assert.Equal(["Press [q] to stop"], running[0].LastLines);
        Assert.Empty(history.Runs);

        main.End(0, RestartReason.Exited, false, null);
        standby.Discard();

        Assert.Empty(history.Running);
        Assert.Equal([RunHistoryRegistry.MainProcess], history.Runs.Select(r => r.Process));
    }

    [Fact]
    public void Begin_ReplacesTheRunItsProcessHadInProgress_AndTheOldRunEndingLaterLeavesTheNewOne()
    {
        var history = _runs.For("cam1");
        var lost = _runs.Begin("cam1", RunHistoryRegistry.MainProcess);
        var next = _runs.Begin("cam1", RunHistoryRegistry.MainProcess);

        lost.End(1, RestartReason.Failed, false, null);

        Assert.Same(next, Assert.Single(history.Running));
    }

    [Fact]
    public void End_KeepsTheLastThirtyLinesTimesAndMediaTime()
    {
        var run = _runs.Begin("cam1", RunHistoryRegistry.MainProcess);
        for (var i = 0; i < 40; i++)
        {
            run.Line($"line {i}");
        }
        _time.Advance(TimeSpan.FromSeconds(12.5));

        var record = run.End(137, RestartReason.Killed, false, 11_200_000);

        Assert.Equal(Enumerable.Range(10, 30).Select(i => $"line {i}"), record.LastLines);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromSeconds(12.5), record.StartedAt);
        Assert.Equal(_time.GetUtcNow(), record.EndedAt);
        Assert.Equal(12.5, record.DurationSeconds);
        Assert.Equal(11.2, record.MediaSeconds);
        Assert.Equal("SIGKILL", record.Signal);
        Assert.Equal(RunCause.Killed, record.Cause);
    }

    [Fact]
    public void ExpectStop_NamesTheStoppedRunOnlyAndIsDroppedByTheNextRun()
    {
        var history = _runs.For("cam1");
        var first = _runs.Begin("cam1", RunHistoryRegistry.MainProcess);
        history.ExpectStop(RunCause.Manual);
        Assert.Equal(RunCause.Manual, first.End(255, "stopped", true, null).Cause);

        // A stop asked for a run that ended by itself first must not label a later run.
        history.ExpectStop(RunCause.Reconfigured);
        var second = _runs.Begin("cam1", RunHistoryRegistry.MainProcess);
        Assert.Equal(RunCause.Stopped, second.End(255, "stopped", true, null).Cause);
    }
}
