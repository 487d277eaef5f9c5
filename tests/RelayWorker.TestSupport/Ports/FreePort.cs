using System.Net;
using System.Net.Sockets;

namespace RelayWorker.TestSupport;

/// <summary>
/// Loopback ports the kernel reports free. The socket is released before the caller binds, so another
/// process could take the port in between; every server fixture therefore retries its start with a new port.
/// </summary>
internal static class FreePort
{
    // Never hand the same port out twice in one test run, even when the kernel would offer it again,
    // so that two fixtures started in parallel cannot collide with each other.
    private static readonly HashSet<int> IssuedPorts = [];

    public static int Tcp() => Next(() =>
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    });

    public static int Udp() => Next(() =>
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    });

    private static int Next(Func<int> bind)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = bind();
            lock (IssuedPorts)
            {
                if (IssuedPorts.Add(port))
                {
                    return port;
                }
            }
        }
        throw new InvalidOperationException("The kernel kept offering ports this test run has already used.");
    }
}
