using System.Net;
using System.Net.Sockets;

namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>
/// TCP ports on 127.0.0.1 the kernel reports free. The socket is closed before nginx binds, so another process could
/// take the port in between; <see cref="NginxRtmp"/> therefore retries its start with new ports.
/// </summary>
internal static class FreePort
{
    private static readonly HashSet<int> Issued = [];

    public static int Tcp()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (Issued)
            {
                if (Issued.Add(port))
                {
                    return port;
                }
            }
        }
        throw new InvalidOperationException("the kernel kept offering ports this run has already used");
    }

    /// <summary>Whether something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
