using Microsoft.Extensions.Time.Testing;

namespace RelayWorker.Tests.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records every timer created on it. FakeTimeProvider fires due
/// timers inside <c>Advance</c>, but code awaiting them continues on the thread pool; a test that wants
/// exact schedules waits until the code under test has armed its next timer before moving time again.
/// </summary>
internal sealed class ObservableTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _dueTimes = [];

    /// <summary>How many timers have been created so far; pass it to the waits as a mark.</summary>
    public int TimerCount
    {
        get
        {
            lock (_gate)
            {
                return _dueTimes.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _dueTimes.Add(dueTime);
        }
        return timer;
    }

    /// <summary>Whether a timer due after <paramref name="dueTime"/> was created after the mark.</summary>
    public bool TimerCreatedSince(int mark, TimeSpan dueTime) => TryFindTimerSince(mark, due => due == dueTime, out _);

    /// <summary>The due time of the first timer created after the mark that matches.</summary>
    public bool TryFindTimerSince(int mark, Func<TimeSpan, bool> match, out TimeSpan dueTime)
    {
        lock (_gate)
        {
            foreach (var due in _dueTimes.Skip(mark))
            {
                if (match(due))
                {
                    dueTime = due;
                    return true;
                }
            }
        }
        dueTime = default;
        return false;
    }

    public Task WaitForTimerAsync(int mark, TimeSpan dueTime) =>
        Eventually.True(() => TimerCreatedSince(mark, dueTime), $"a timer due in {dueTime.TotalMilliseconds} ms");
}
