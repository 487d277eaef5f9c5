namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// <see cref="SrtSink"/>'s variant for a port chosen beforehand: a test configures a destination that nobody listens
/// on yet (e.g. from <see cref="FreePort.Udp"/>) and later brings the listener up there, to see a relay recover
/// on its own. Same srt-live-transmit listener (-a:yes) writing every received MPEG-TS byte to a capture file.
/// No retry with another port here: the port is the point, so a failed bind fails the start.
/// </summary>
internal sealed class FixedPortSrtSink : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _directory = TempDirectory.Create("srt-sink-fixed");
    private FileStream? _capture;
    private ManagedProcess? _process;

    private FixedPortSrtSink(int port) => Port = port;

    public int Port { get; }

    public string Url => $"srt://127.0.0.1:{Port}?pkt_size=1316";

    public string CaptureFile => _directory.File("capture.ts");

    public long BytesReceived => Process.StandardOutputBytes;

    public string Log => Process.AllOutput;

    private ManagedProcess Process => _process ?? throw new InvalidOperationException("The SRT sink has not been started.");

    public static async Task<FixedPortSrtSink> StartAsync(int port)
    {
        var sink = new FixedPortSrtSink(port);
        try
        {
            sink._capture = new FileStream(sink.CaptureFile, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
            sink._process = ManagedProcess.Start(
                "srt-live-transmit",
                ["-a:yes", "-t:0", $"srt://127.0.0.1:{port}?mode=listener", "file://con"],
                new ProcessOptions { Name = "srt-live-transmit (fixed port)", StandardOutputSink = sink._capture });
            var process = sink._process;
            var ready = await Poll.TryUntilAsync(() => process.HasExited || LoopbackPort.IsUdpBound(port), StartTimeout);
            if (!ready || process.HasExited)
            {
                throw new InvalidOperationException($"srt-live-transmit did not listen on UDP {port}:\n{process.AllOutput}");
            }
            return sink;
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }
    }

    public Task WaitForBytesAsync(long minimum, TimeSpan timeout) =>
        Poll.UntilAsync(() => BytesReceived >= minimum, timeout, $"the SRT sink on {Port} to receive {minimum} bytes (has {BytesReceived})");

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        if (_capture is not null)
        {
            await _capture.DisposeAsync();
        }
        _directory.Dispose();
    }
}
