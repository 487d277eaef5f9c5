namespace RelayWorker.Tests.Capabilities;

/// <summary>
/// A stand-in "ffmpeg" that answers the five capability listings with a reduced set, in the shapes ffmpeg 5.1
/// prints them: rtmp, udp, file and tcp but no srt or TLS; flv and mpegts but no hls; libx264 and aac but no
/// libx265. It tests the parser and the validation, not a relay, so a script is enough.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class FakeFfmpegScript : IDisposable
{
    private const string Script = """
        #!/bin/sh
        echo "$2" >> "$(dirname "$0")/calls"
        case "$2" in
        -version) printf 'ffmpeg version 4.4-reduced Copyright (c) 2000-2021 the FFmpeg developers\nbuilt with gcc\n' ;;
        -protocols) printf 'Supported file protocols:\nInput:\n  file\n  rtmp\n  tcp\n  udp\nOutput:\n  file\n  rtmp\n  tcp\n  udp\n' ;;
        -muxers) printf 'File formats:\n D. = Demuxing supported\n .E = Muxing supported\n --\n  E fifo            FIFO queue pseudo-muxer\n  E flv             FLV (Flash Video)\n  E mpegts          MPEG-TS (MPEG-2 Transport Stream)\n  E tee             Multiple muxer tee\n' ;;
        -encoders) printf 'Encoders:\n V..... = Video\n A..... = Audio\n ------\n V....D libx264              libx264 H.264 / AVC (codec h264)\n A....D aac                  AAC (Advanced Audio Coding)\n' ;;
        -filters) printf 'Filters:\n  T.. = Timeline support\n  | = Source or sink filter\n ..C fps               V->V       Force constant framerate.\n ..C scale             V->V       Scale the input video size.\n ... setsar            V->V       Set the pixel sample aspect ratio.\n ... sine              |->A       Generate sine wave audio signal.\n ... split             V->N       Pass on the input to N video outputs.\n ... testsrc2          |->V       Generate another test pattern.\n' ;;
        *) exit 1 ;;
        esac
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("relayworker-fake-ffmpeg-");

    public FakeFfmpegScript()
    {
        Path = System.IO.Path.Combine(_directory.FullName, "ffmpeg");
        File.WriteAllText(Path, Script.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Path { get; }

    /// <summary>How many times the script has been run, listings and anything else.</summary>
    public int Runs => File.Exists(CallsFile) ? File.ReadAllLines(CallsFile).Length : 0;

    /// <summary>Replaces the binary in place, as an upgrade does: same path, another size and time.</summary>
    public void Replace() => File.AppendAllText(Path, "# replaced\n");

    private string CallsFile => System.IO.Path.Combine(_directory.FullName, "calls");

    public void Dispose() => _directory.Delete(recursive: true);
}
