using System.Net;
using System.Net.Sockets;

namespace RelayWorker.TestSupport;

/// <summary>
/// A viewer that writes every datagram arriving on a UDP port to a file, byte for byte: the MPEG-TS exactly as the
/// route sent it, one uninterrupted recording for the decode check even when another destination of the route
/// reconnects mid-stream.
/// </summary>
internal sealed class UdpRecorder : IAsyncDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("udp-recorder");
    private readonly Socket _socket;
    private readonly FileStream _file;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly HashSet<int> _sourcePorts = [];

    private UdpRecorder()
    {
        // A large buffer: a keyframe's burst must not be dropped while the loop waits for a core.
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024 };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _file = new FileStream(File, FileMode.Create, FileAccess.Write, FileShare.Read);
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public int Port { get; }

    /// <summary>The route's destination URL for this viewer.</summary>
    public string Url => $"udp://127.0.0.1:{Port}?pkt_size=1316";

    public string File => _directory.File("recording.ts");

    public static UdpRecorder Start() => new();

    /// <summary>How many ports datagrams came from: one while one output ffmpeg sends.</summary>
    public int SourcePortCount
    {
        get
        {
            lock (_sourcePorts)
            {
                return _sourcePorts.Count;
            }
        }
    }

    /// <summary>Stops receiving and closes the file, which can then be read.</summary>
    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
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
        await _file.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        _directory.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            lock (_sourcePorts)
            {
                _sourcePorts.Add(((IPEndPoint)result.RemoteEndPoint).Port);
            }
            await _file.WriteAsync(buffer.AsMemory(0, result.ReceivedBytes), _stop.Token);
        }
    }
}
