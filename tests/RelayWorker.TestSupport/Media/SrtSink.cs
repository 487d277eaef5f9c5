namespace RelayWorker.TestSupport;

/// <summary>
/// The far end of a relay: an SRT listener (srt-live-transmit) on a loopback UDP port that appends every MPEG-TS
/// byte it receives to a capture file. With -a:yes it goes back to listening after a caller leaves, so a relay
/// whose ffmpeg restarts reconnects to the same sink and the capture keeps growing. It can be stopped and started
/// again on the same port (<see cref="StopAsync"/>, <see cref="RestartAsync"/>), the way a media server restarts
/// behind a fixed address; counts cover all of its lives.
/// </summary>
/// <remarks>
/// srt-live-transmit serves one caller at a time and closes its listening socket while connected. A caller that
/// disconnects cleanly (ffmpeg on SIGINT/SIGTERM) frees it at once; a caller that dies (SIGKILL) is noticed only
/// when SRT's peer-idle timeout expires, about 5 s, and a new caller can connect only after that.
/// </remarks>
internal sealed partial class SrtSink : IAsyncDisposable
{
    private const string AcceptedLine = "Accepted SRT source connection";
    private const string DisconnectedLine = "SRT source disconnected";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _directory = TempDirectory.Create("srt-sink");
    private readonly string? _passphrase;
    private FileStream? _capture;
    private ManagedProcess? _process;
    private long _bytesOfEarlierLives;
    private int _connectionsOfEarlierLives;
    private int _disconnectionsOfEarlierLives;

    private SrtSink(string? passphrase) => _passphrase = passphrase;

    public int Port { get; private set; }

    /// <summary>What a relay or publisher calls: srt://127.0.0.1:&lt;port&gt;?pkt_size=1316[&amp;passphrase=…].</summary>
    public string Url => $"srt://127.0.0.1:{Port}?pkt_size=1316{PassphraseQuery}";

    /// <summary>The file all received MPEG-TS is appended to, over every life.</summary>
    public string CaptureFile => _directory.File("capture.ts");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The start counts 1 and each <see cref="RestartAsync"/> adds one.</summary>
    public int Lives { get; private set; }

    public long BytesReceived => _bytesOfEarlierLives + (_process?.StandardOutputBytes ?? 0);

    /// <summary>Callers accepted so far (srt-live-transmit prints one line per accepted connection).</summary>
    public int Connections => _connectionsOfEarlierLives + CountLines(AcceptedLine);

    /// <summary>Callers the sink has seen leave; after a caller's SIGKILL this takes SRT's ~5 s peer-idle timeout.</summary>
    public int Disconnections => _disconnectionsOfEarlierLives + CountLines(DisconnectedLine);

    /// <summary>srt-live-transmit's stderr. It echoes its own URL, passphrase included, so never search it for leaks.</summary>
    public string Log => Process.AllOutput;

    public ManagedProcess Process => _process ?? throw new InvalidOperationException("The SRT sink is not running.");

    private string PassphraseQuery => _passphrase is null ? "" : "&passphrase=" + Uri.EscapeDataString(_passphrase);

    /// <summary>Listens on a free port, retrying with another port when someone takes it first.</summary>
    /// <param name="passphrase">SRT encryption passphrase (10 to 79 characters); callers must then use the same.</param>
    public static async Task<SrtSink> StartAsync(string? passphrase = null)
    {
        if (passphrase is { Length: < 10 or > 79 })
        {
            throw new ArgumentException("SRT passphrases have 10 to 79 characters.", nameof(passphrase));
        }
        return await FixtureStart.OrDisposeAsync(new SrtSink(passphrase), sink => FixtureStart.OnFreePortsAsync("srt-live-transmit", () =>
        {
            sink.Port = FreePort.Udp();
            return sink.StartProcessAsync();
        }));
    }

    /// <summary>
    /// Listens on a port chosen beforehand: a test configures a destination nobody listens on yet (e.g. from
    /// <see cref="FreePort.Udp"/>) and brings the listener up there later, to see a relay recover on its own. The port
    /// is the point, so a failed bind fails the start.
    /// </summary>
    public static Task<SrtSink> StartOnPortAsync(int port) =>
        FixtureStart.OrDisposeAsync(new SrtSink(null) { Port = port }, async sink =>
        {
            if (await sink.StartProcessAsync() is { } log)
            {
                throw new InvalidOperationException($"srt-live-transmit did not listen on UDP {port}:\n{log}");
            }
        });

    /// <summary>SIGINT: srt-live-transmit closes its connection, so a caller sees the peer leave at once.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _bytesOfEarlierLives += _process.StandardOutputBytes;
            _connectionsOfEarlierLives += CountLines(AcceptedLine);
            _disconnectionsOfEarlierLives += CountLines(DisconnectedLine);
            _process = null;
        }
        if (_capture is not null)
        {
            await _capture.DisposeAsync();
            _capture = null;
        }
    }

    /// <summary>Starts a new listener on the same port (stopping the current one first) and waits until it is bound.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        if (await StartProcessAsync() is { } log)
        {
            throw new InvalidOperationException($"srt-live-transmit could not listen on UDP {Port} again:\n{log}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }

    private int CountLines(string text) => _process?.Lines().Count(line => line.Contains(text, StringComparison.Ordinal)) ?? 0;

    /// <summary>Null when the listener is bound and running; otherwise its output, after it has been stopped.</summary>
    private async Task<string?> StartProcessAsync()
    {
        _capture = new FileStream(CaptureFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        // -a:yes: listen again after a caller leaves. -t:0: never exit on a timer. file://con: the received
        // payload goes to stdout, which ManagedProcess copies byte for byte into the capture file.
        var process = ManagedProcess.Start(
            "srt-live-transmit",
            ["-a:yes", "-t:0", $"srt://127.0.0.1:{Port}?mode=listener{PassphraseQuery}", "file://con"],
            new ProcessOptions { Name = "srt-live-transmit", StandardOutputSink = _capture });
        _process = process;
        // srt-live-transmit exits (255) when it cannot bind, so "bound and still running" is readiness.
        var ready = await Poll.TryUntilAsync(() => process.HasExited || LoopbackPort.IsUdpBound(Port), StartTimeout);
        if (ready && !process.HasExited)
        {
            Lives++;
            return null;
        }
        await process.DisposeAsync();
        await _capture.DisposeAsync();
        (_process, _capture) = (null, null);
        return process.AllOutput;
    }
}
