using System.Net;
using System.Net.Sockets;

namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>A gap in a sink's media: when it started (monotonic ticks) and how long nothing arrived.</summary>
internal readonly record struct MediaGap(long StartedAt, double Seconds);

/// <summary>
/// The far end of a route: a UDP socket on 127.0.0.1 inside the benchmark process, so "first media at the sink" is
/// the exact moment a datagram arrives, with no second process in between. Each ffmpeg writes from its own
/// ephemeral port, which tells a replacement child's first datagram apart from a killed child's last ones.
/// </summary>
internal sealed class UdpSink : IAsyncDisposable
{
    /// <summary>A gap longer than this is counted (the soak's "gaps &gt; 2 s").</summary>
    public static readonly TimeSpan CountedGap = TimeSpan.FromSeconds(2);

    private const int MaxRecordedGaps = 1000;
    private static readonly double RecordedGapSeconds = 1.0;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Waiter> _waiters = [];
    private readonly List<MediaGap> _gaps = [];
    private readonly Task _loop;
    private long _bytes;
    private long _datagrams;
    private long? _lastAt;
    private int? _lastSourcePort;
    private int _countedGaps;
    private double _longestGap;

    public UdpSink()
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            // Several routes' bursts can land while the receive loop waits for a core on a busy machine.
            ReceiveBufferSize = 4 * 1024 * 1024,
        };
        // Port 0: the kernel picks a free port and the socket holds it, so there is no race with other processes.
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public int Port { get; }

    /// <summary>What a route writes to: MPEG-TS over UDP, exactly as a user would configure a udp:// destination.</summary>
    public string Url => $"udp://127.0.0.1:{Port}";

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Datagrams => Interlocked.Read(ref _datagrams);

    public long? LastAt
    {
        get
        {
            lock (_gate)
            {
                return _lastAt;
            }
        }
    }

    /// <summary>The ephemeral port the latest datagram came from: which ffmpeg is writing right now.</summary>
    public int? LastSourcePort
    {
        get
        {
            lock (_gate)
            {
                return _lastSourcePort;
            }
        }
    }

    /// <summary>
    /// The arrival time of the first datagram received after <paramref name="after"/> (and, when given, not from
    /// <paramref name="notFromPort"/>); null when none arrives within <paramref name="timeout"/>.
    /// </summary>
    public async Task<long?> FirstDatagramAfterAsync(long after, TimeSpan timeout, int? notFromPort = null)
    {
        var waiter = new Waiter(after, notFromPort);
        lock (_gate)
        {
            _waiters.Add(waiter);
        }
        try
        {
            return await waiter.Arrived.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Starts counting gaps afresh (the soak's measured window), including the silence up to now.</summary>
    public void ResetGaps()
    {
        lock (_gate)
        {
            _gaps.Clear();
            _countedGaps = 0;
            _longestGap = 0;
        }
    }

    /// <summary>Gap figures since <see cref="ResetGaps"/>; a silence still going on at <paramref name="now"/> counts too.</summary>
    public (double LongestSeconds, int CountedGaps, IReadOnlyList<MediaGap> Gaps) GapsUntil(long now)
    {
        lock (_gate)
        {
            var trailing = _lastAt is { } last ? MonotonicClock.Seconds(last, now) : 0;
            var counted = _countedGaps + (trailing > CountedGap.TotalSeconds ? 1 : 0);
            return (Math.Max(_longestGap, trailing), counted, [.. _gaps]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            var now = MonotonicClock.Now;
            var port = ((IPEndPoint)result.RemoteEndPoint).Port;
            Interlocked.Add(ref _bytes, result.ReceivedBytes);
            Interlocked.Increment(ref _datagrams);
            lock (_gate)
            {
                Record(now, port);
            }
        }
    }

    private void Record(long now, int port)
    {
        if (_lastAt is { } last)
        {
            var gap = MonotonicClock.Seconds(last, now);
            _longestGap = Math.Max(_longestGap, gap);
            if (gap > CountedGap.TotalSeconds)
            {
                _countedGaps++;
            }
            if (gap >= RecordedGapSeconds && _gaps.Count < MaxRecordedGaps)
            {
                _gaps.Add(new MediaGap(last, gap));
            }
        }
        _lastAt = now;
        _lastSourcePort = port;
        foreach (var waiter in _waiters)
        {
            if (now > waiter.After && port != waiter.NotFromPort)
            {
                waiter.Arrived.TrySetResult(now);
            }
        }
    }

    private sealed class Waiter(long after, int? notFromPort)
    {
        public long After { get; } = after;

        public int? NotFromPort { get; } = notFromPort;

        public TaskCompletionSource<long?> Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
