using System.Net;
using System.Net.Sockets;
using RelayWorker.Media;

namespace RelayWorker.Supervision;

/// <summary>Whether a source's server accepts connections now: the cheap question asked while a route backs off.</summary>
internal interface ISourceProbe
{
    Task<bool> AcceptsAsync(DnsEndPoint server, CancellationToken cancel);
}

/// <summary>
/// A TCP connect to the source's host and port, closed at once: nothing is sent, so no stream key or path leaves the
/// worker, and no shell is involved. Only sources that ffmpeg reaches over TCP can be asked this way (RTMP, RTSP,
/// HTTP); UDP and SRT have no connection to accept, and a listening source waits for its peer anyway.
/// </summary>
internal sealed class TcpSourceProbe : ISourceProbe
{
    /// <summary>A refusal on a reachable host comes back within a round trip; a silent host is given this long.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    public async Task<bool> AcceptsAsync(DnsEndPoint server, CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(ConnectTimeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(server, timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The server a source's ffmpeg connects to over TCP; null when it cannot be probed that way.</summary>
    public static DnsEndPoint? ServerOf(RouteDefinition route)
    {
        if (route.Listen || !Uri.TryCreate(route.Source, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }
        int? defaultPort = uri.Scheme.ToLowerInvariant() switch
        {
            "rtmp" => 1935,
            "rtmps" => 443,
            "rtsp" => 554,
            "rtsps" => 322,
            "http" => 80,
            "https" => 443,
            _ => null,
        };
        if (defaultPort is not { } fallback)
        {
            return null;
        }
        var port = uri.IsDefaultPort || uri.Port < 0 ? fallback : uri.Port;
        return new DnsEndPoint(uri.IdnHost.Trim('[', ']'), port);
    }
}
