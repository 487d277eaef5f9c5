namespace RelayWorker.IntegrationTests.Continuity;

/// <summary>
/// A viewer that records what arrives on a UDP port, remuxed by ffmpeg into a file: one uninterrupted recording
/// for the decode check even when another destination of the route reconnects mid-stream.
/// </summary>
internal sealed class UdpRecorder : IAsyncDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("udp-recorder");
    private readonly ManagedProcess _process;

    private UdpRecorder(int port)
    {
        Port = port;
        _process = ManagedProcess.Start("ffmpeg",
            ["-hide_banner", "-nostdin", "-loglevel", "error", "-i", $"udp://127.0.0.1:{port}?timeout=60000000&fifo_size=1000000&overrun_nonfatal=1",
             "-map", "0", "-c", "copy", "-f", "mpegts", File],
            new ProcessOptions { Name = "udp recorder ffmpeg" });
    }

    public int Port { get; }

    /// <summary>The route's destination URL for this viewer.</summary>
    public string Url => $"udp://127.0.0.1:{Port}?pkt_size=1316";

    public string File => _directory.File("recording.ts");

    public static UdpRecorder Start() => new(FreePort.Udp());

    /// <summary>SIGINT: ffmpeg finishes the file.</summary>
    public Task StopAsync() => _process.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }
}
