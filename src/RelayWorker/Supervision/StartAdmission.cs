namespace RelayWorker.Supervision;

/// <summary>
/// Bounds how many routes are in their starting phase at once: from the launch of their ffmpeg until its first
/// media (or the end of the run). A start is the expensive part of a route's life (ffmpeg loads about 200 shared
/// libraries, connects and probes: BENCHMARKS.md, "Many routes"); 200 of them at once leave every one too little CPU
/// to finish before its deadline, and each one killed for that comes back as another start. Waiting routes are
/// admitted in the order they asked, so none waits behind a later one.
/// </summary>
internal sealed class StartAdmission
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource<Slot>> _waiting = new();
    private int _capacity;
    private int _inUse;

    public StartAdmission(int capacity = int.MaxValue) => _capacity = Math.Max(1, capacity);

    /// <summary>Routes allowed in their starting phase at once; raising it admits waiting routes at once.</summary>
    public int Capacity
    {
        get
        {
            lock (_gate)
            {
                return _capacity;
            }
        }
        set
        {
            lock (_gate)
            {
                _capacity = Math.Max(1, value);
            }
            GrantWaiting();
        }
    }

    /// <summary>Routes in their starting phase now.</summary>
    public int Starting
    {
        get
        {
            lock (_gate)
            {
                return _inUse;
            }
        }
    }

    /// <summary>Routes waiting for a start slot now.</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>A slot at once when one is free and nobody waits for it; the common case, a lone restart, never waits.</summary>
    public bool TryEnter(out Slot slot)
    {
        lock (_gate)
        {
            if (_waiting.Count == 0 && _inUse < _capacity)
            {
                _inUse++;
                slot = new Slot(this);
                return true;
            }
        }
        slot = Slot.None;
        return false;
    }

    /// <summary>Waits for a slot in arrival order; a cancelled wait leaves the queue.</summary>
    public async Task<Slot> EnterAsync(CancellationToken cancellationToken)
    {
        if (TryEnter(out var immediate))
        {
            return immediate;
        }
        var waiter = new TaskCompletionSource<Slot>(TaskCreationOptions.RunContinuationsAsynchronously);
        LinkedListNode<TaskCompletionSource<Slot>> node;
        lock (_gate)
        {
            node = _waiting.AddLast(waiter);
        }
        // A slot freed between TryEnter and joining the queue must not be left unused.
        GrantWaiting();
        await using (cancellationToken.Register(() => Abandon(node)))
        {
            return await waiter.Task;
        }
    }

    private void Abandon(LinkedListNode<TaskCompletionSource<Slot>> node)
    {
        lock (_gate)
        {
            if (node.List is null)
            {
                return;
            }
            _waiting.Remove(node);
        }
        node.Value.TrySetCanceled();
    }

    private void Release()
    {
        lock (_gate)
        {
            _inUse--;
        }
        GrantWaiting();
    }

    private void GrantWaiting()
    {
        while (true)
        {
            TaskCompletionSource<Slot> next;
            lock (_gate)
            {
                if (_waiting.First is not { } first || _inUse >= _capacity)
                {
                    return;
                }
                _waiting.RemoveFirst();
                _inUse++;
                next = first.Value;
            }
            // Completed outside the lock: continuations run asynchronously anyway, but a waiter that was cancelled
            // in the meantime hands its slot straight back.
            var slot = new Slot(this);
            if (!next.TrySetResult(slot))
            {
                slot.Dispose();
            }
        }
    }

    /// <summary>One admitted start; released once, when the run's media flows or the run ends, whichever is first.</summary>
    internal sealed class Slot : IDisposable
    {
        public static readonly Slot None = new(null);

        private StartAdmission? _owner;

        public Slot(StartAdmission? owner) => _owner = owner;

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release();
    }
}
