using System.Collections.Concurrent;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using CliWrap;
using Microsoft.Win32.SafeHandles;

namespace RelayWorker.Supervision;

/// <summary>
/// Waits on every child's <c>-progress</c> pipe from one thread, a batch at a time. Each ffmpeg writes one block a
/// second; read through the socket engine and handed to a pool thread, every block woke two threads and cost about
/// 0.3 ms of the worker's CPU, most of it the wake-ups themselves (BENCHMARKS.md, "One reader for every progress
/// pipe"). Here one thread waits on all the pipes with epoll and, after a wake-up, lets the next batch gather for
/// <see cref="DefaultBatchInterval"/>, so the blocks of many routes cost one wake-up. A pipe that hangs up (its child exited)
/// or a cancellation ends the gathering at once: an exit is seen as soon as before. A batch is read and its line
/// callbacks run in one pool work item, one batch after the other, so a route's lines stay in order and route code
/// runs where the rest of the supervision runs, not on the waiting thread.
/// </summary>
internal sealed partial class ProgressPipeReader : IDisposable, IThreadPoolWorkItem
{
    /// <summary>Progress is a once-a-second signal: a quarter of that is small against every check it feeds.</summary>
    public static readonly TimeSpan DefaultBatchInterval = TimeSpan.FromMilliseconds(250);

    private const long WakeData = 0;
    private const int MaxEventsPerWait = 256;
    private readonly int _readable = -1;
    private readonly int _hangups = -1;
    private readonly int _wake = -1;
    private readonly int _batchMilliseconds;
    private readonly Thread? _thread;
    private readonly ConcurrentDictionary<long, Registration> _registrations = new();
    private readonly ConcurrentQueue<Registration> _cancelled = new();
    private readonly List<Registration> _batch = [];
    private readonly ManualResetEventSlim _batchDone = new(false, spinCount: 0);
    private readonly byte[] _buffer = new byte[64 * 1024];
    private long _lastId;
    private volatile bool _disposed;

    public ProgressPipeReader() : this(DefaultBatchInterval)
    {
    }

    public ProgressPipeReader(TimeSpan batchInterval)
    {
        _batchMilliseconds = (int)batchInterval.TotalMilliseconds;
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        _readable = Native.EpollCreate(Native.CloseOnExec);
        _hangups = Native.EpollCreate(Native.CloseOnExec);
        _wake = Native.EventFd(0, Native.CloseOnExec | Native.NonBlocking);
        if (_readable < 0 || _hangups < 0 || _wake < 0
            || Native.Add(_readable, _wake, Native.Readable, WakeData) != 0
            || Native.Add(_hangups, _wake, Native.Readable, WakeData) != 0)
        {
            // Without epoll (not Linux, or a sandbox that forbids it) every pipe is read the ordinary way.
            CloseDescriptors();
            return;
        }
        _thread = new Thread(Loop, maxStackSize: 256 * 1024) { IsBackground = true, Name = "relay-progress" };
        _thread.Start();
    }

    /// <summary>
    /// Hands each line of <paramref name="output"/> to <paramref name="onLine"/> until the pipe ends; completes then,
    /// faults if a callback throws, and is cancelled with <paramref name="cancellationToken"/>.
    /// </summary>
    public Task ReadLinesAsync(Stream output, Action<string> onLine, CancellationToken cancellationToken)
    {
        if (_thread is null || _disposed || output is not PipeStream pipe)
        {
            return ReadLinesOnPoolAsync(output, onLine, cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var handle = pipe.SafePipeHandle;
        var added = false;
        handle.DangerousAddRef(ref added);
        var fd = (int)handle.DangerousGetHandle();
        // Level-triggered readiness says a read will not block, but a pipe read by one thread for hundreds must never
        // be able to stall it.
        if (!Native.SetNonBlocking(fd))
        {
            handle.DangerousRelease();
            return ReadLinesOnPoolAsync(output, onLine, cancellationToken);
        }
        var registration = new Registration(Interlocked.Increment(ref _lastId), fd, handle, onLine);
        _registrations[registration.Id] = registration;
        if (Native.Add(_readable, fd, Native.Readable, registration.Id) != 0
            || Native.Add(_hangups, fd, 0, registration.Id) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            Native.Remove(_readable, fd);
            _registrations.TryRemove(registration.Id, out _);
            handle.DangerousRelease();
            return Task.FromException(new IOException($"epoll_ctl failed on a progress pipe (errno {error})"));
        }
        registration.WatchCancellation(cancellationToken.Register(() => Cancel(registration)));
        return registration.Completion.Task;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_thread is null)
        {
            return;
        }
        Native.Signal(_wake);
        // A thread still inside a callback keeps its descriptors: closing them under it could read another file.
        if (_thread.Join(TimeSpan.FromSeconds(2)))
        {
            CloseDescriptors();
            _batchDone.Dispose();
        }
    }

    /// <summary>The way every pipe was read before this reader: CliWrap's own line target.</summary>
    private static Task ReadLinesOnPoolAsync(Stream output, Action<string> onLine, CancellationToken cancellationToken) =>
        PipeTarget.ToDelegate(onLine).CopyFromAsync(output, cancellationToken);

    private void Cancel(Registration registration)
    {
        _cancelled.Enqueue(registration);
        Native.Signal(_wake);
    }

    private unsafe void Loop()
    {
        var events = new byte[Native.EventSize * MaxEventsPerWait];
        var gathering = false;
        fixed (byte* eventsStart = events)
        {
            while (!_disposed)
            {
                FinishCancelled();
                var count = Wait(_readable, eventsStart, gathering ? 0 : -1);
                if (count == 0)
                {
                    // Nothing came during the last gathering: wait without a timeout, so an idle worker sleeps.
                    gathering = false;
                    continue;
                }
                ReadReady(eventsStart, count);
                FinishCancelled();
                // Gather the next batch; a hang-up or the wake descriptor ends the wait early.
                var hangups = Wait(_hangups, eventsStart, _batchMilliseconds);
                if (Contains(eventsStart, hangups, WakeData))
                {
                    Native.Drain(_wake);
                }
                gathering = true;
            }
        }
        foreach (var registration in _registrations.Values)
        {
            Finish(registration, canceled: true);
        }
    }

    private unsafe int Wait(int epoll, byte* events, int timeoutMilliseconds)
    {
        while (true)
        {
            var count = Native.EpollWait(epoll, events, MaxEventsPerWait, timeoutMilliseconds);
            if (count >= 0)
            {
                return count;
            }
            if (Marshal.GetLastPInvokeError() != Native.Interrupted || _disposed)
            {
                return 0;
            }
        }
    }

    /// <summary>The data word of the <paramref name="index"/>th event: a registration's id, or <see cref="WakeData"/>.</summary>
    private static unsafe long DataAt(byte* events, int index) =>
        *(long*)(events + (index * Native.EventSize) + Native.EventDataOffset);

    private static unsafe bool Contains(byte* events, int count, long data)
    {
        for (var i = 0; i < count; i++)
        {
            if (DataAt(events, i) == data)
            {
                return true;
            }
        }
        return false;
    }

    private unsafe void ReadReady(byte* events, int count)
    {
        _batch.Clear();
        for (var i = 0; i < count; i++)
        {
            var id = DataAt(events, i);
            if (id == WakeData)
            {
                Native.Drain(_wake);
            }
            else if (_registrations.TryGetValue(id, out var registration))
            {
                _batch.Add(registration);
            }
        }
        if (_batch.Count == 0)
        {
            return;
        }
        // The batch's reads and callbacks run on a pool thread, where what a callback releases (a start slot) continues
        // from that thread's own queue. This thread waits, so one batch never overlaps the next.
        _batchDone.Reset();
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        _batchDone.Wait();
    }

    void IThreadPoolWorkItem.Execute()
    {
        foreach (var registration in _batch)
        {
            ReadOnce(registration);
        }
        _batchDone.Set();
    }

    private unsafe void ReadOnce(Registration registration)
    {
        nint read;
        fixed (byte* start = _buffer)
        {
            do
            {
                read = Native.Read(registration.Fd, start, (nuint)_buffer.Length);
            }
            while (read < 0 && Marshal.GetLastPInvokeError() == Native.Interrupted);
        }
        if (read < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error != Native.WouldBlock)
            {
                Finish(registration, canceled: false, new IOException($"reading a progress pipe failed (errno {error})"));
            }
            return;
        }
        try
        {
            if (read == 0)
            {
                registration.Lines.Flush(registration.OnLine);
                Finish(registration, canceled: false);
            }
            else
            {
                registration.Lines.Feed(_buffer.AsSpan(0, (int)read), registration.OnLine);
            }
        }
        catch (Exception e)
        {
            // One route's failing callback ends that route's reading, as a failing CliWrap delegate did; the others go on.
            Finish(registration, canceled: false, e);
        }
    }

    private void FinishCancelled()
    {
        while (_cancelled.TryDequeue(out var registration))
        {
            Finish(registration, canceled: true);
        }
    }

    private void Finish(Registration registration, bool canceled, Exception? error = null)
    {
        if (!_registrations.TryRemove(registration.Id, out _))
        {
            return;
        }
        Native.Remove(_readable, registration.Fd);
        Native.Remove(_hangups, registration.Fd);
        registration.Handle.DangerousRelease();
        registration.StopWatchingCancellation();
        if (error is not null)
        {
            registration.Completion.TrySetException(error);
        }
        else if (canceled)
        {
            registration.Completion.TrySetCanceled();
        }
        else
        {
            registration.Completion.TrySetResult();
        }
    }

    private void CloseDescriptors()
    {
        foreach (var fd in new[] { _readable, _hangups, _wake })
        {
            if (fd >= 0)
            {
                Native.Close(fd);
            }
        }
    }

    private sealed class Registration(long id, int fd, SafePipeHandle handle, Action<string> onLine)
    {
        // The pipe may end (on the reader's thread) before its caller has registered for cancellation.
        private readonly Lock _gate = new();
        private CancellationTokenRegistration _cancellation;
        private bool _finished;

        public long Id { get; } = id;

        public int Fd { get; } = fd;

        public SafePipeHandle Handle { get; } = handle;

        public Action<string> OnLine { get; } = onLine;

        public LineAssembler Lines { get; } = new();

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void WatchCancellation(CancellationTokenRegistration cancellation)
        {
            lock (_gate)
            {
                if (!_finished)
                {
                    _cancellation = cancellation;
                    return;
                }
            }
            cancellation.Dispose();
        }

        public void StopWatchingCancellation()
        {
            CancellationTokenRegistration cancellation;
            lock (_gate)
            {
                _finished = true;
                cancellation = _cancellation;
            }
            cancellation.Dispose();
        }
    }
}
