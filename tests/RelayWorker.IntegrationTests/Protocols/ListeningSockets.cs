using System.Globalization;

namespace RelayWorker.IntegrationTests.Protocols;

/// <summary>
/// Whether a TCP port on loopback is in LISTEN state, read from the kernel's table instead of by connecting:
/// ffmpeg's RTMP `-listen 1` accepts exactly one connection, so a probing connect would be taken for the
/// publisher, fail the handshake and cost the route a restart.
/// </summary>
internal static class ListeningSockets
{
    private const string ListenState = "0A";

    public static bool IsTcpListening(int port)
    {
        var suffix = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl local_address rem_address st …; local 127.0.0.1 is 0100007F, any address 00000000.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 3
                && fields[3] == ListenState
                && fields[1].EndsWith(suffix, StringComparison.Ordinal)
                && (fields[1].StartsWith("0100007F", StringComparison.Ordinal) || fields[1].StartsWith("00000000", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }
}
