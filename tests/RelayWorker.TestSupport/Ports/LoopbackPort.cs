using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RelayWorker.TestSupport;

/// <summary>Readiness checks for servers on 127.0.0.1: the condition a fixture polls before handing a server out.</summary>
internal static class LoopbackPort
{
    public static async Task<bool> AcceptsTcpAsync(int port)
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

    /// <summary>
    /// UDP has no handshake to try, so look the socket up in the kernel's table: a local address of 127.0.0.1
    /// (0100007F) or any address (00000000) on the port.
    /// </summary>
    public static bool IsUdpBound(int port)
    {
        var suffix = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 1
                && fields[1].EndsWith(suffix, StringComparison.Ordinal)
                && (fields[1].StartsWith("0100007F", StringComparison.Ordinal) || fields[1].StartsWith("00000000", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }
}
