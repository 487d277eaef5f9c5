using Microsoft.Extensions.Logging.Abstractions;
using RelayWorker.Configuration;
using RelayWorker.Status;
using RelayWorker.Supervision;
using RelayWorker.Tests.Supervision.Fakes;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Status;

/// <summary>
/// The real runner and status under real threads: children that report progress and destination failures from
/// their own threads, even before the launcher returns, and die at once, while readers take snapshots as fast as
/// they can. Every snapshot a reader sees must be a state the route really was in.
/// </summary>
public sealed class RouteStatusConcurrencyTests
{
    private const int Runs = 300;
    private const int Readers = 3;
    private static readonly string[] Destinations = ["srt://sink-a:8890?pkt_size=1316", "srt://sink-b:8890?pkt_size=1316"];

    [Fact]
    public async Task Snapshot_ReadWhileRunsStartAndEndAtHighRate_IsAlwaysConsistent()
    {
        var route = TestRoutes.Create(destinations: Destinations);
        var status = new RouteStatus(route.Name, TimeProvider.System);
        status.Describe(route);
        var launcher = new ChattyLauncher();
        var runner = new RouteRunner(launcher, TimeProvider.System, NullLogger<RouteRunner>.Instance);
        var settings = new RouteRunSettings("ffmpeg", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), new RestartOptions(), []);
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var violations = new List<string>();

        var readers = Enumerable.Range(0, Readers).Select(_ => Task.Run(() => ReadUntil(status, violations, done.Token))).ToArray();
        for (var run = 0; run < Runs && !done.IsCancellationRequested; run++)
        {
            var outcome = await runner.RunAsync(route, status, settings, done.Token);
            status.BackingOff(outcome.Reason, TimeSpan.Zero);
        }
        var completedRuns = launcher.Started;
        await done.CancelAsync();
        var reads = (await Task.WhenAll(readers)).Sum();

        Assert.Equal(Runs, completedRuns);
        Assert.True(reads > Runs, $"the readers took only {reads} snapshots");
        lock (violations)
        {
            Assert.True(violations.Count == 0, string.Join("; ", violations.Distinct().Take(5)) + $" ({violations.Count} in all)");
        }
        var last = status.Snapshot;
        Assert.Equal(Runs, last.TotalRestarts);
        Assert.Equal(Runs * ChattyLauncher.BytesPerRun, last.OutputBytes);
        Assert.Equal(DestinationState.Down, last.DestinationViews[1].State);
    }

    private static int ReadUntil(RouteStatus status, List<string> violations, CancellationToken stop)
    {
        var reads = 0;
        long lastBytes = 0;
        long lastRestarts = 0;
        while (!stop.IsCancellationRequested)
        {
            var s = status.Snapshot;
            reads++;
            string? problem = null;
            if (!s.DestinationViews.IsDefaultOrEmpty && s.DestinationViews.Length != s.Destinations.Length)
            {
                problem = $"{s.DestinationViews.Length} destination views for {s.Destinations.Length} destinations";
            }
            else if (s.OutputBytes < lastBytes)
            {
                problem = $"output bytes went down from {lastBytes} to {s.OutputBytes}";
            }
            else if (s.TotalRestarts < lastRestarts)
            {
                problem = $"restarts went down from {lastRestarts} to {s.TotalRestarts}";
            }
            else if (s.State == RouteState.Running && (s.LastMediaAt is null || s.RunStartedAt is null))
            {
                problem = "running without media times";
            }
            else if (s.State == RouteState.Running && s.ChildProcessId is not null && s.StreamingSince is null)
            {
                problem = "a running child without an uptime";
            }
            else if ((s.State == RouteState.BackingOff) != (s.CurrentBackoff is not null))
            {
                problem = $"{s.State} with backoff {s.CurrentBackoff}";
            }
            if (problem is not null)
            {
                lock (violations)
                {
                    violations.Add(problem);
                }
            }
            lastBytes = s.OutputBytes;
            lastRestarts = s.TotalRestarts;
        }
        return reads;
    }

    /// <summary>
    /// Hands out children that write a progress block and a destination failure from two threads of their own,
    /// starting before StartAsync returns (as a real child's pipes may), then exit with an error.
    /// </summary>
    private sealed class ChattyLauncher : IChildProcessLauncher
    {
        public const long BytesPerRun = 4_000;
        private int _started;

        public int Started => Volatile.Read(ref _started);

        public Task<IChildProcess> StartAsync(ChildProcessSpec spec, Action<string> onStdoutLine, Action<string> onStderrLine, CancellationToken cancellationToken)
        {
            var pid = 10_000 + Interlocked.Increment(ref _started);
            var child = new FakeChildProcess(pid, spec, DateTimeOffset.UnixEpoch, onStdoutLine, onStderrLine, ignoresInterrupt: false);
            var stdout = Task.Run(() =>
            {
                for (var block = 1; block <= 4; block++)
                {
                    child.WriteProgress(block * 500_000L, totalSizeBytes: block * (BytesPerRun / 4));
                }
            }, CancellationToken.None);
            var stderr = Task.Run(() => child.WriteStderr($"[fifo @ 0x55c72f2b76c0] [error] Error opening {Destinations[1]}: Input/output error"), CancellationToken.None);
            _ = Task.WhenAll(stdout, stderr).ContinueWith(_ => child.Exit(1), TaskScheduler.Default);
            return Task.FromResult<IChildProcess>(child);
        }
    }
}
