namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// The far end of a relay: an SRT listener (srt-live-transmit) on a free loopback UDP port that writes every
/// MPEG-TS byte it receives into a capture file. With -a:yes it goes back to listening after a caller leaves,
/// so a relay whose ffmpeg restarts reconnects to the same sink and the capture keeps growing.
/// </summary>
/// <remarks>
/// srt-live-transmit serves one caller at a time and closes its listening socket while connected. A caller that
/// disconnects cleanly (ffmpeg on SIGINT/SIGTERM) frees it at once; a caller that dies (SIGKILL) is noticed only
/// when SRT's peer-idle timeout expires, about 5 s, and a new caller can connect only after that.
/// </remarks>
internal sealed class SrtSink : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private const string AcceptedLine = "Accepted SRT source connection";
    private const string DisconnectedLine = "SRT source disconnected";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _directory = TempDirectory.Create("srt-sink");
    private readonly string? _passphrase;
    private FileStream? _capture;
    private ManagedProcess? _process;

    private SrtSink(string? passphrase) => _passphrase = passphrase;

    public int Port { get; private set; }

    /// <summary>What a relay or publisher calls: srt://127.0.0.1:&lt;port&gt;?pkt_size=1316[&amp;passphrase=…].</summary>
    public string Url => $"srt://127.0.0.1:{Port}?pkt_size=1316{PassphraseQuery}";

    /// <summary>The file all received MPEG-TS is appended to.</summary>
    public string CaptureFile => _directory.File("capture.ts");

    public long BytesReceived => Process.StandardOutputBytes;

    /// <summary>Callers accepted so far (srt-live-transmit prints one line per accepted connection).</summary>
    public int Connections => CountLines(AcceptedLine);

    /// <summary>Callers the sink has seen leave; after a caller's SIGKILL this takes SRT's ~5 s peer-idle timeout.</summary>
    public int Disconnections => CountLines(DisconnectedLine);

    /// <summary>srt-live-transmit's stderr. It echoes its own URL, passphrase included, so never search it for leaks.</summary>
    public string Log => Process.AllOutput;

    internal ManagedProcess Process => _process ?? throw new InvalidOperationException("The SRT sink has not been started.");

    private string PassphraseQuery => _passphrase is null ? "" : "&passphrase=" + Uri.EscapeDataString(_passphrase);

    /// <param name="passphrase">SRT encryption passphrase (10 to 79 characters); callers must then use the same.</param>
    public static async Task<SrtSink> StartAsync(string? passphrase = null)
    {
        if (passphrase is { Length: < 10 or > 79 })
        {
            throw new ArgumentException("SRT passphrases have 10 to 79 characters.", nameof(passphrase));
        }
        var sink = new SrtSink(passphrase);
        try
        {
            await sink.StartProcessAsync();
            return sink;
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }
    }

    public Task WaitForBytesAsync(long minimum, TimeSpan timeout) =>
        Poll.UntilAsync(() => BytesReceived >= minimum, timeout, $"the SRT sink to receive {minimum} bytes (has {BytesReceived})");

    /// <summary>
    /// Waits until the capture grows by at least <paramref name="minimumGrowth"/> bytes from now: media is
    /// flowing, not just a last packet trickling in. The default is about 0.2 s of the test pattern.
    /// </summary>
    public Task WaitForGrowthAsync(TimeSpan timeout, long minimumGrowth = 10 * 1316)
    {
        var start = BytesReceived;
        return Poll.UntilAsync(() => BytesReceived >= start + minimumGrowth, timeout, $"the SRT sink to grow by {minimumGrowth} bytes from {start}");
    }

    /// <summary>Waits until nothing has arrived for <paramref name="quietFor"/>: media has stopped.</summary>
    public Task WaitForSilenceAsync(TimeSpan quietFor, TimeSpan timeout)
    {
        var last = BytesReceived;
        var lastChange = DateTime.UtcNow;
        return Poll.UntilAsync(
            () =>
            {
                var now = BytesReceived;
                if (now != last)
                {
                    last = now;
                    lastChange = DateTime.UtcNow;
                }
                return DateTime.UtcNow - lastChange >= quietFor;
            },
            timeout,
            $"the SRT sink to receive nothing for {quietFor.TotalSeconds:0.#} s");
    }

    public Task WaitForConnectionsAsync(int count, TimeSpan timeout) =>
        Poll.UntilAsync(() => Connections >= count, timeout, $"{count} SRT connection(s) to the sink (has {Connections})");

    public Task WaitForDisconnectionsAsync(int count, TimeSpan timeout) =>
        Poll.UntilAsync(() => Disconnections >= count, timeout, $"{count} SRT caller(s) to leave the sink (has {Disconnections})");

    /// <summary>Probes a snapshot of what was captured so far (the live file keeps changing under ffprobe otherwise).</summary>
    public async Task<ProbeResult> ProbeAsync(TimeSpan? timeout = null, bool countPackets = false)
    {
        var snapshot = _directory.File($"snapshot-{Guid.NewGuid():N}.ts");
        await using (var source = new FileStream(CaptureFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        await using (var target = File.Create(snapshot))
        {
            await source.CopyToAsync(target);
        }
        try
        {
            return await Ffprobe.ProbeAsync(snapshot, timeout ?? TimeSpan.FromSeconds(20), countPackets);
        }
        finally
        {
            File.Delete(snapshot);
        }
    }

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

    private int CountLines(string text) => Process.Lines().Count(line => line.Contains(text, StringComparison.Ordinal));

    private async Task StartProcessAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Udp();
            _capture = new FileStream(CaptureFile, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
            // -a:yes: listen again after a caller leaves. -t:0: never exit on a timer. file://con: the received
            // payload goes to stdout, which ManagedProcess copies byte for byte into the capture file.
            _process = ManagedProcess.Start(
                "srt-live-transmit",
                ["-a:yes", "-t:0", $"srt://127.0.0.1:{Port}?mode=listener{PassphraseQuery}", "file://con"],
                new ProcessOptions { Name = "srt-live-transmit", StandardOutputSink = _capture });

            // srt-live-transmit exits (255) when it cannot bind, so "bound and still running" is readiness.
            var ready = await Poll.TryUntilAsync(() => _process.HasExited || LoopbackPort.IsUdpBound(Port), StartTimeout);
            if (ready && !_process.HasExited)
            {
                return;
            }
            var log = _process.AllOutput;
            await _process.DisposeAsync();
            _process = null;
            await _capture.DisposeAsync();
            _capture = null;
            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException($"srt-live-transmit did not start after {StartAttempts} attempts. Last output:\n{log}");
            }
        }
    }
}
