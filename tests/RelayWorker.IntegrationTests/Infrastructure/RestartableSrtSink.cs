namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// An SRT listener (srt-live-transmit) that can be stopped and started again on the same loopback port, the way a
/// media server restarts behind a fixed address. Received bytes are counted across all of its lives; the payload
/// itself is discarded.
/// </summary>
internal sealed class RestartableSrtSink : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private ManagedProcess? _process;
    private long _bytesOfEarlierLives;
    private int _connectionsOfEarlierLives;

    private RestartableSrtSink(int port) => Port = port;

    public int Port { get; }

    public string Url => $"srt://127.0.0.1:{Port}?pkt_size=1316";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts (counts 1) and each later restart add one.</summary>
    public int Lives { get; private set; }

    public long BytesReceived => _bytesOfEarlierLives + (_process?.StandardOutputBytes ?? 0);

    /// <summary>Callers accepted by every life so far.</summary>
    public int Connections => _connectionsOfEarlierLives + CurrentConnections;

    private int CurrentConnections =>
        _process?.Lines().Count(line => line.Contains("Accepted SRT source connection", StringComparison.Ordinal)) ?? 0;

    public static async Task<RestartableSrtSink> StartAsync()
    {
        // The port stays this sink's for its lifetime: FreePort never hands it out again in this run.
        var sink = new RestartableSrtSink(FreePort.Udp());
        try
        {
            await sink.RestartAsync();
            return sink;
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGTERM: srt-live-transmit closes its connection, so a caller sees the peer leave at once.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _bytesOfEarlierLives += _process.StandardOutputBytes;
            _connectionsOfEarlierLives += CurrentConnections;
            _process = null;
        }
    }

    /// <summary>Starts a new listener on the same port (stopping the current one first) and waits until it is bound.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        // -a:yes: listen again after a caller leaves. -t:0: never exit on a timer. file://con: payload to stdout.
        _process = ManagedProcess.Start(
            "srt-live-transmit",
            ["-a:yes", "-t:0", $"srt://127.0.0.1:{Port}?mode=listener", "file://con"],
            new ProcessOptions { Name = "srt-live-transmit", StandardOutputSink = Stream.Null });
        Lives++;
        var process = _process;
        await Poll.UntilAsync(() => process.HasExited || LoopbackPort.IsUdpBound(Port), StartTimeout, $"srt-live-transmit bound to UDP {Port}");
        if (process.HasExited)
        {
            throw new InvalidOperationException($"srt-live-transmit could not listen on UDP {Port}:\n{process.AllOutput}");
        }
    }

    public Task WaitForGrowthAsync(TimeSpan timeout, long minimumGrowth = 20 * 1316)
    {
        var start = BytesReceived;
        return Poll.UntilAsync(() => BytesReceived >= start + minimumGrowth, timeout,
            $"the SRT sink on port {Port} to grow by {minimumGrowth} bytes from {start}");
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
