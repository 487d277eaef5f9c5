
namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// Counts every distinct ffmpeg child the worker starts, by polling /proc every 20 ms on a background thread: the
/// hot-loop detector. A child that lives less than the poll interval can be missed, so the count is a lower bound;
/// the worker's own restart counters in /api/routes are printed beside it.
/// </summary>
internal sealed class ChildWatch : IDisposable
{
    private readonly WorkerProcess _worker;
    private readonly HashSet<int> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public ChildWatch(WorkerProcess worker)
    {
        _worker = worker;
        _thread = new Thread(Loop) { IsBackground = true, Name = "child-watch" };
        _thread.Start();
    }

    public int Starts
    {
        get
        {
            lock (_seen)
            {
                return _seen.Count;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }

    private void Loop()
    {
        while (!_stop.IsCancellationRequested && !_worker.HasExited)
        {
            foreach (var pid in _worker.FfmpegChildren())
            {
                lock (_seen)
                {
                    _seen.Add(pid);
                }
            }
            _stop.Token.WaitHandle.WaitOne(20);
        }
    }
}
