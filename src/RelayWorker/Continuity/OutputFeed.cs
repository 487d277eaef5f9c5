namespace RelayWorker.Continuity;

/// <summary>
/// Carries the splicer's packets to the output ffmpeg's stdin. The splicer writes under its lock from the
/// ingests' reader threads, so a write here never blocks: packets are queued and one pump per output run copies
/// them into the pipe. While no output runs (it is being restarted), or when the output falls more than
/// <see cref="QueueLimit"/> behind (it stopped reading), packets are dropped and counted: live media that cannot
/// be delivered now is worth nothing later, and the ingests must keep being read.
/// </summary>
internal sealed class OutputFeed
{
    /// <summary>About 5 s of a 6 Mbit/s stream.</summary>
    public const int QueueLimit = 4 * 1024 * 1024;

    private readonly Lock _gate = new();
    private List<byte[]> _queued = [];
    private List<byte[]> _spare = [];
    private int _queuedBytes;
    private bool _attached;
    private int _generation;
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _dropped;
    private long _written;

    /// <summary>Bytes that reached no output (none running, or it fell behind).</summary>
    public long DroppedBytes => Interlocked.Read(ref _dropped);

    /// <summary>Bytes written into an output's stdin.</summary>
    public long WrittenBytes => Interlocked.Read(ref _written);

    /// <summary>Raised when a pump attaches: the new output must start at a keyframe, with PAT and PMT.</summary>
    public event Action? OutputAttached;

    public void Write(ReadOnlySpan<byte> packet)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            if (!_attached || _queuedBytes + packet.Length > QueueLimit)
            {
                Interlocked.Add(ref _dropped, packet.Length);
                return;
            }
            _queued.Add(packet.ToArray());
            _queuedBytes += packet.Length;
            if (_queued.Count == 1)
            {
                wake = _ready;
            }
        }
        wake?.TrySetResult();
    }

    /// <summary>Copies queued packets into <paramref name="stdin"/> until the token is cancelled (the output exited)
    /// or the pipe breaks.</summary>
    public async Task PumpAsync(Stream stdin, CancellationToken cancellationToken)
    {
        // Each pump owns the feed from its attach on: the pump of an output that just died may still be unwinding
        // when its replacement attaches, and must neither take the new output's packets nor detach it.
        int generation;
        TaskCompletionSource previous;
        lock (_gate)
        {
            _queued.Clear();
            _queuedBytes = 0;
            _attached = true;
            generation = ++_generation;
            previous = _ready;
        }
        // Wakes a previous pump still waiting, so it sees it has been replaced and ends.
        previous.TrySetResult();
        OutputAttached?.Invoke();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (await NextBatchAsync(generation, cancellationToken) is not { } batch)
                {
                    return;
                }
                foreach (var packet in batch)
                {
                    await stdin.WriteAsync(packet, cancellationToken);
                    Interlocked.Add(ref _written, packet.Length);
                }
                batch.Clear();
                await stdin.FlushAsync(cancellationToken);
                lock (_gate)
                {
                    _spare = batch;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The output exited.
        }
        catch (IOException)
        {
            // The output closed its stdin: it is exiting and its run ends.
        }
        finally
        {
            lock (_gate)
            {
                if (generation == _generation)
                {
                    _attached = false;
                    Interlocked.Add(ref _dropped, _queuedBytes);
                    _queued.Clear();
                    _queuedBytes = 0;
                }
            }
        }
    }

    /// <summary>The next packets for the pump of <paramref name="generation"/>; null once a newer pump has attached.</summary>
    private async Task<List<byte[]>?> NextBatchAsync(int generation, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task ready;
            lock (_gate)
            {
                if (generation != _generation)
                {
                    return null;
                }
                if (_queued.Count > 0)
                {
                    var batch = _queued;
                    _queued = _spare;
                    _spare = [];
                    _queuedBytes = 0;
                    return batch;
                }
                if (_ready.Task.IsCompleted)
                {
                    _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                ready = _ready.Task;
            }
            await ready.WaitAsync(cancellationToken);
        }
    }
}
