using System.Net;
using System.Net.Sockets;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// A UDP sink on 127.0.0.1 that reads the MPEG-TS it receives far enough (PAT, PMT) to know the video PID, and records
/// when the first TS packet of video arrives: "first frame at a viewer", which audio alone must not satisfy.
/// </summary>
internal sealed class VideoTsSink : IDisposable
{
    private const int TsPacket = 188;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<long> _firstVideo = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private int _pmtPid = -1;
    private int _videoPid = -1;

    public VideoTsSink()
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024 };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Url = $"udp://127.0.0.1:{((IPEndPoint)_socket.LocalEndPoint!).Port}";
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public string Url { get; }

    /// <summary>The monotonic arrival time of the first video TS packet, or null if none arrives within <paramref name="timeout"/>.</summary>
    public async Task<long?> FirstVideoAsync(TimeSpan timeout)
    {
        try
        {
            return await _firstVideo.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        try
        {
            while (!_stop.IsCancellationRequested && !_firstVideo.Task.IsCompleted)
            {
                var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                var now = MonotonicClock.Now;
                for (var offset = 0; offset + TsPacket <= received; offset += TsPacket)
                {
                    if (IsVideo(buffer.AsSpan(offset, TsPacket)))
                    {
                        _firstVideo.TrySetResult(now);
                        break;
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private bool IsVideo(ReadOnlySpan<byte> packet)
    {
        if (packet[0] != 0x47)
        {
            return false;
        }
        var pid = ((packet[1] & 0x1F) << 8) | packet[2];
        if (pid == _videoPid)
        {
            return true;
        }
        var unitStart = (packet[1] & 0x40) != 0;
        if (!unitStart || (pid != 0 && pid != _pmtPid))
        {
            return false;
        }
        var payload = (packet[3] & 0x20) != 0 ? 5 + packet[4] : 4;
        if (payload >= TsPacket)
        {
            return false;
        }
        var section = packet[(payload + 1 + packet[payload])..];
        if (section.Length < 3)
        {
            return false;
        }
        var end = Math.Min(section.Length, 3 + (((section[1] & 0x0F) << 8) | section[2]) - 4);
        if (pid == 0)
        {
            for (var i = 8; i + 4 <= end; i += 4)
            {
                if (((section[i] << 8) | section[i + 1]) != 0)
                {
                    _pmtPid = ((section[i + 2] & 0x1F) << 8) | section[i + 3];
                    break;
                }
            }
            return false;
        }
        if (section.Length < 12)
        {
            return false;
        }
        for (var i = 12 + (((section[10] & 0x0F) << 8) | section[11]); i + 5 <= end; i += 5 + (((section[i + 3] & 0x0F) << 8) | section[i + 4]))
        {
            // MPEG-1/2 video, MPEG-4 part 2, H.264, H.265.
            if (section[i] is 0x01 or 0x02 or 0x10 or 0x1B or 0x24)
            {
                _videoPid = ((section[i + 1] & 0x1F) << 8) | section[i + 2];
                break;
            }
        }
        return false;
    }
}
