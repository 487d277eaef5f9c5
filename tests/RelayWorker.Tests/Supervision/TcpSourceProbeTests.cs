using System.Net;
using System.Net.Sockets;
using RelayWorker.Supervision;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Supervision;

public sealed class TcpSourceProbeTests
{
    [Theory]
    [InlineData("rtmp://127.0.0.1:19350/live/cam1", "127.0.0.1", 19350)]
    [InlineData("rtmp://media.example/live/cam1", "media.example", 1935)]
    [InlineData("rtmps://media.example/live/cam1", "media.example", 443)]
    [InlineData("rtsp://user:secret@cam.example/stream", "cam.example", 554)]
    [InlineData("http://origin.example/live/index.m3u8", "origin.example", 80)]
    [InlineData("https://origin.example:8443/live/index.m3u8", "origin.example", 8443)]
    [InlineData("rtmp://[::1]:1936/live/cam1", "::1", 1936)]
    public void ServerOf_TcpSource_HostAndPort(string source, string host, int port)
    {
        var server = TcpSourceProbe.ServerOf(TestRoutes.Create(source));

        Assert.NotNull(server);
        Assert.Equal((host, port), (server.Host, server.Port));
    }

    [Theory]
    [InlineData("srt://127.0.0.1:9000?mode=caller", false)]
    [InlineData("udp://127.0.0.1:5000", false)]
    [InlineData("rtmp://0.0.0.0:1935/live/in", true)]
    public void ServerOf_NoConnectionToAccept_Null(string source, bool listen) =>
        Assert.Null(TcpSourceProbe.ServerOf(TestRoutes.Create(source, listen: listen)));

    [Fact(Timeout = 10_000)]
    public async Task AcceptsAsync_LoopbackListenerThenAPortNobodyListensOn_TrueThenFalse()
    {
        var probe = new TcpSourceProbe();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var listening = ((IPEndPoint)listener.LocalEndpoint).Port;
        // Bound but not listening: the port stays ours, so no other process can start listening on it in between
        // (a port freed by closing a listener was once taken by a server a parallel test started), and a
        // connection to it is refused.
        using var bound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        bound.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var notListening = ((IPEndPoint)bound.LocalEndPoint!).Port;

        Assert.True(await probe.AcceptsAsync(new DnsEndPoint("127.0.0.1", listening), CancellationToken.None));
        Assert.False(await probe.AcceptsAsync(new DnsEndPoint("127.0.0.1", notListening), CancellationToken.None));
    }
}
