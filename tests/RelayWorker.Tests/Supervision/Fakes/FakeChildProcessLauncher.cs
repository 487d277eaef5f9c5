using RelayWorker.Supervision;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Supervision.Fakes;

/// <summary>
/// Stands in for the CliWrap launcher: every start attempt is recorded with its (fake) time, and either
/// throws what <see cref="StartFailure"/> says (ffmpeg missing) or hands out a <see cref="FakeChildProcess"/>.
/// </summary>
internal sealed class FakeChildProcessLauncher(TimeProvider timeProvider) : IChildProcessLauncher
{
    private readonly Lock _gate = new();
    private readonly List<FakeChildProcess> _children = [];
    private int _attempts;
    private int _nextProcessId = 4000;

    /// <summary>When set, every start attempt fails with this exception.</summary>
    public Exception? StartFailure { get; set; }

    /// <summary>When set, the children started from now on ignore SIGINT, like a wedged ffmpeg.</summary>
    public bool ChildrenIgnoreInterrupt { get; set; }

    public int Attempts => Volatile.Read(ref _attempts);

    public IReadOnlyList<FakeChildProcess> Children
    {
        get
        {
            lock (_gate)
            {
                return [.. _children];
            }
        }
    }

    public int TotalInterrupts => Children.Sum(c => c.InterruptCount);

    public Task<IChildProcess> StartAsync(ChildProcessSpec spec, Action<string> onStdoutLine, Action<string> onStderrLine, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _attempts);
        if (StartFailure is { } failure)
        {
            return Task.FromException<IChildProcess>(failure);
        }
        lock (_gate)
        {
            var child = new FakeChildProcess(_nextProcessId++, spec, timeProvider.GetUtcNow(), onStdoutLine, onStderrLine, ChildrenIgnoreInterrupt);
            _children.Add(child);
            return Task.FromResult<IChildProcess>(child);
        }
    }

    /// <summary>Waits until the <paramref name="count"/>-th child has been started and returns it.</summary>
    public async Task<FakeChildProcess> WaitForChildAsync(int count)
    {
        await Eventually.True(() => Children.Count >= count, $"child #{count} to start (started so far: {Children.Count})");
        return Children[count - 1];
    }
}
