using System.Collections.Concurrent;

namespace RelayWorker.Supervision;

/// <summary>
/// Runs every process start on one dedicated, never-ending thread. Linux delivers a child's
/// parent-death signal (PR_SET_PDEATHSIG, set through setpriv) when the *thread* that forked it exits,
/// not the process; starting children from pool threads, which the runtime retires when idle, would
/// kill healthy ffmpeg children at random.
/// </summary>
internal sealed class SpawnThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;

    public SpawnThread()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "relay-spawn" };
        _thread.Start();
    }

    public Task<T> Run<T>(Func<T> start)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                completion.SetResult(start());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        });
        return completion.Task;
    }

    private void Loop()
    {
        foreach (var item in _work.GetConsumingEnumerable())
        {
            item();
        }
        // Reached only at process shutdown; blocking here keeps the forking thread alive until then.
        Thread.Sleep(Timeout.Infinite);
    }

    public void Dispose() => _work.CompleteAdding();
}
