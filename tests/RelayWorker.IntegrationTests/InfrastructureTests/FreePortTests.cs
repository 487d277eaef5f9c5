using System.Net;
using System.Net.Sockets;

namespace RelayWorker.IntegrationTests.InfrastructureTests;

[Collection(TestLanes.Main)]
public sealed class FreePortTests
{
    [Fact(Timeout = 10_000)]
    public async Task Tcp_returns_distinct_ports_a_server_can_bind()
    {
        var ports = Enumerable.Range(0, 20).Select(_ => FreePort.Tcp()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        using var listener = new TcpListener(IPAddress.Loopback, ports[0]);
        listener.Start();
        Assert.True(await LoopbackPort.AcceptsTcpAsync(ports[0]));
    }

    [Fact(Timeout = 10_000)]
    public async Task Udp_returns_a_port_a_socket_can_bind_and_the_kernel_table_shows_it()
    {
        var port = FreePort.Udp();

        Assert.False(LoopbackPort.IsUdpBound(port));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        await Poll.UntilAsync(() => LoopbackPort.IsUdpBound(port), TimeSpan.FromSeconds(2), "the bound UDP port to appear in /proc/net/udp");
    }
}
