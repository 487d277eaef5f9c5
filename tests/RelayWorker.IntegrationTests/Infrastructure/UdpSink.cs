using System.Net;
using System.Net.Sockets;

namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// A destination with no connection state: a UDP socket on a free loopback port that counts what arrives
/// (MPEG-TS from <c>udp://127.0.0.1:&lt;port&gt;?pkt_size=1316</c>). Unlike an SRT listener it never has to notice
/// that a caller died, so a relay's replacement ffmpeg is received from its first packet; what a test measures
/// is then the relay's own recovery, not the peer's.
/// </summary>
internal sealed class UdpSink : IAsyncDisposable
{
    private readonly UdpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiver;
    private long _bytes;
    private long _packets;
    private long _lastPacketTicks;

    private UdpSink(UdpClient client)
    {
        _client = client;
        Port = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        _receiver = ReceiveAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>What a relay writes to: 1316 bytes = 7 TS packets per datagram.</summary>
    public string Url => $"udp://127.0.0.1:{Port}?pkt_size=1316";

    public long BytesReceived => Interlocked.Read(ref _bytes);

    public long PacketsReceived => Interlocked.Read(ref _packets);

    /// <summary>When the last datagram arrived (UTC), or null before the first.</summary>
    public DateTime? LastPacketAt => Interlocked.Read(ref _lastPacketTicks) is var ticks and > 0 ? new DateTime(ticks, DateTimeKind.Utc) : null;

    public static UdpSink Start()
    {
        // Bind to a port FreePort has never issued in this run; a port someone else takes meanwhile is retried.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Udp();
            try
            {
                var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                // A relay sends ~40 KB/s per route; a large buffer keeps a busy test machine from dropping datagrams.
                client.Client.ReceiveBufferSize = 4 * 1024 * 1024;
                return new UdpSink(client);
            }
            catch (SocketException) when (attempt < 3)
            {
            }
        }
    }

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
        _client.Dispose();
        try
        {
            await _receiver;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The socket was closed under the pending receive: that is how the loop ends.
        }
        _stop.Dispose();
    }

    private async Task ReceiveAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var datagram = await _client.ReceiveAsync(stop);
            Interlocked.Add(ref _bytes, datagram.Buffer.Length);
            Interlocked.Increment(ref _packets);
            Interlocked.Exchange(ref _lastPacketTicks, DateTime.UtcNow.Ticks);
        }
    }
}
