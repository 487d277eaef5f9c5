using System.Globalization;
using System.Runtime.InteropServices;

namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// A real RTSP server on a free loopback port: Debian's GStreamer RTSP server library (gst-rtsp-server), driven by
/// a few lines of Python through GObject introspection, serving a live test pattern (H.264 + AAC over RTP) at
/// <see cref="Url"/>. Clients may ask for RTP over UDP or interleaved in the RTSP TCP connection (what the relay
/// uses). One shared pipeline feeds every client, so a relay that reconnects joins the same live stream.
/// </summary>
/// <remarks>
/// Why this server: Debian 12 packages no RTSP server binary that can serve RTP over TCP. VLC's RTSP output answers
/// "461 Unsupported transport" to interleaved SETUP (and refuses to run as root), RTSP::Server (rtsp-server-perl)
/// speaks UDP only, and live555 is not in bookworm. gst-rtsp-server does both transports and binds any port.
/// Packages: gir1.2-gst-rtsp-server-1.0 (pulls in the library and gstreamer1.0-plugins-base/-good/-bad),
/// gstreamer1.0-plugins-ugly (x264enc), gstreamer1.0-libav (avenc_aac), python3-gi.
/// </remarks>
internal sealed class RtspServer : IAsyncDisposable
{
    /// <summary>Debian's interpreter, which python3-gi installs into (a pyenv or venv python3 on PATH lacks it).</summary>
    public const string PythonPath = "/usr/bin/python3";

    public const string RequiredPackages = "gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-ugly gstreamer1.0-libav python3-gi";

    private const string MountPath = "/stream";
    private const string ReadyLine = "rtsp server ready";

    // SIGINT (the fixture's ordinary stop) and SIGTERM quit the main loop, so the server ends cleanly.
    private const string Script = """
        import signal, sys
        import gi
        gi.require_version("Gst", "1.0")
        gi.require_version("GstRtspServer", "1.0")
        from gi.repository import GLib, Gst, GstRtspServer

        port, mount, launch = sys.argv[1], sys.argv[2], sys.argv[3]
        Gst.init(None)
        server = GstRtspServer.RTSPServer()
        server.set_address("127.0.0.1")
        server.set_service(port)
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch)
        factory.set_shared(True)
        server.get_mount_points().add_factory(mount, factory)
        if server.attach(None) == 0:
            print("cannot bind 127.0.0.1:" + port, file=sys.stderr, flush=True)
            sys.exit(2)
        loop = GLib.MainLoop()
        for number in (signal.SIGTERM, signal.SIGINT):
            GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, number, loop.quit)
        print("rtsp server ready", flush=True)
        loop.run()
        """;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _directory = TempDirectory.Create("rtsp");
    private ManagedProcess? _process;

    private RtspServer()
    {
    }

    public int Port { get; private set; }

    /// <summary>rtsp://127.0.0.1:&lt;port&gt;/stream</summary>
    public string Url => $"rtsp://127.0.0.1:{Port}{MountPath}";

    /// <summary>The script's and GStreamer's output (warnings and errors go to stderr).</summary>
    public string Log => _process?.AllOutput ?? "";

    internal ManagedProcess Process => _process ?? throw new InvalidOperationException("The RTSP server has not been started.");

    public static async Task<RtspServer> StartAsync(int width = 320, int height = 240, int frameRate = 25)
    {
        if (RequiredFiles().Where(file => !File.Exists(file)).ToList() is [_, ..] missing)
        {
            throw new InvalidOperationException(
                $"The RTSP server fixture needs {string.Join(", ", missing)}: apt-get install {RequiredPackages}");
        }
        return await FixtureStart.OrDisposeAsync(new RtspServer(), server => server.StartProcessAsync(Launch(width, height, frameRate)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        _directory.Dispose();
    }

    /// <summary>One file per package, so a half-installed machine names what is missing.</summary>
    public static IReadOnlyList<string> RequiredFiles()
    {
        var multiarch = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        return
        [
            PythonPath,
            "/usr/lib/python3/dist-packages/gi/__init__.py",                          // python3-gi
            $"/usr/lib/{multiarch}/girepository-1.0/GstRtspServer-1.0.typelib",     // gir1.2-gst-rtsp-server-1.0
            $"/usr/lib/{multiarch}/gstreamer-1.0/libgstx264.so",                    // gstreamer1.0-plugins-ugly
            $"/usr/lib/{multiarch}/gstreamer-1.0/libgstlibav.so",                   // gstreamer1.0-libav
        ];
    }

    // is-live sources run in real time (like -re). A keyframe every two seconds with SPS/PPS repeated in band
    // (config-interval=-1), so a client that joins late decodes within two seconds, as from a camera.
    private static string Launch(int width, int height, int frameRate) => string.Create(CultureInfo.InvariantCulture, $"""
        ( videotestsrc is-live=true pattern=ball ! video/x-raw,width={width},height={height},framerate={frameRate}/1
          ! x264enc tune=zerolatency speed-preset=ultrafast bitrate=500 key-int-max={2 * frameRate}
          ! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=-1
          audiotestsrc is-live=true freq=1000 ! audio/x-raw,rate=48000,channels=1 ! audioconvert
          ! avenc_aac bitrate=64000 ! rtpmp4gpay name=pay1 pt=97 )
        """).ReplaceLineEndings(" ");

    private async Task StartProcessAsync(string launch)
    {
        var script = _directory.File("rtsp_server.py");
        await File.WriteAllTextAsync(script, Script);
        await FixtureStart.OnFreePortsAsync("gst-rtsp-server", async () =>
        {
            Port = FreePort.Tcp();
            var process = ManagedProcess.Start(
                PythonPath,
                [script, Port.ToString(CultureInfo.InvariantCulture), MountPath, launch],
                new ProcessOptions { Name = "gst-rtsp-server" });
            _process = process;

            // The ready line comes after the bind; an accepted TCP connection proves it (the server takes any number).
            var ready = await Poll.TryUntilAsync(
                async () => process.HasExited
                    || (process.StandardOutput.Contains(ReadyLine, StringComparison.Ordinal) && await LoopbackPort.AcceptsTcpAsync(Port)),
                StartTimeout);
            if (ready && !process.HasExited)
            {
                return null;
            }
            await process.DisposeAsync();
            _process = null;
            return process.AllOutput;
        });
    }
}
