using System.Net;
using System.Net.Sockets;

namespace RelayWorker.TestSupport;

/// <summary>
/// The far end of a route with no connection state: a UDP socket on 127.0.0.1 inside this process that counts what
/// arrives (MPEG-TS). Unlike an SRT listener it never has to notice that a caller died, so a relay's replacement
/// ffmpeg is received from its first packet and what is observed is the relay's own recovery, not the peer's.
/// "First media at the sink" is the exact moment a datagram arrives, with no second process in between, and each
/// ffmpeg writes from its own ephemeral port, which tells a replacement child's first datagram from a killed one's last.
/// </summary>
internal sealed partial class UdpSink : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _bytes;
    private long _packets;

    private UdpSink()
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            // Several routes' bursts can land while the receive loop waits for a core on a busy machine.
            ReceiveBufferSize = 4 * 1024 * 1024,
        };
        // Port 0: the kernel picks a free port and the socket holds it from then on, so nothing can take it between.
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public int Port { get; }

    /// <summary>What a relay writes to: 1316 bytes = 7 TS packets per datagram.</summary>
    public string Url => $"udp://127.0.0.1:{Port}?pkt_size=1316";

    /// <summary>The same address without options, as the benchmarks configure it, so their figures stay comparable across runs.</summary>
    public string PlainUrl => $"udp://127.0.0.1:{Port}";

    public long BytesReceived => Interlocked.Read(ref _bytes);

    public long PacketsReceived => Interlocked.Read(ref _packets);

    public static UdpSink Start() => new();

    /// <summary>Waits until at least <paramref name="minimumGrowth"/> bytes arrive from now on: media is flowing again.</summary>
    public Task WaitForGrowthAsync(TimeSpan timeout, long minimumGrowth = 20 * 1316)
    {
        var start = BytesReceived;
        return Poll.UntilAsync(() => BytesReceived >= start + minimumGrowth, timeout,
            $"the UDP sink on port {Port} to grow by {minimumGrowth} bytes from {start}");
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
            // The socket was closed under the pending receive: that is how the loop ends.
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
            Interlocked.Add(ref _bytes, result.ReceivedBytes);
            Interlocked.Increment(ref _packets);
            var port = ((IPEndPoint)result.RemoteEndPoint).Port;
            RecordPts(buffer.AsSpan(0, result.ReceivedBytes), now, port);
            Record(now, port);
        }
    }
}
