using System.Globalization;

namespace RelayWorker.Benchmarks.Ladder;

/// <summary>
/// One rung of the built-in ladder, with the rules of README.md's ladder section exactly as the worker applies them
/// (src/RelayWorker/FFmpeg/ProfileCatalog.cs and CodecArguments.cs): -b:v = -minrate = -maxrate,
/// bufsize = kbps / fps (integer division, at least 1), GOP = fps × 2 s with no scene-cut keyframes,
/// x264 ultrafast/zerolatency, yuv420p, AAC 64k at 48 kHz. Copied rather than referenced so the benchmark does
/// not depend on the worker's internals; if the worker's recipe changes, change <see cref="EncodeArguments"/>.
/// </summary>
internal sealed record LadderRung(int Width, int Height, int Fps, int Kbps)
{
    /// <summary>The four rungs issue 4 asks about, from a 1080p25 source.</summary>
    public static readonly IReadOnlyList<LadderRung> Measured =
    [
        new(1280, 720, 25, 1400),
        new(1024, 576, 25, 750),
        new(512, 288, 12, 125),
        new(256, 144, 1, 6),
    ];

    public string Name => $"{Height}p{Fps}";

    public int BufferKbits => Math.Max(1, Kbps / Math.Max(1, Fps));

    public int KeyframeInterval => Math.Max(1, Fps * 2);

    /// <summary>The worker's -vf for this rung: the height fixed, the width from the source's display aspect.</summary>
    public string Filter => $"scale=w=round({N(Height)}*dar/2)*2:h={N(Height)},setsar=1,fps={N(Fps)}";

    public IReadOnlyList<string> EncodeArguments()
    {
        var rate = N(Kbps) + "k";
        var gop = N(KeyframeInterval);
        return
        [
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
            "-b:v", rate, "-minrate", rate, "-maxrate", rate, "-bufsize", N(BufferKbits) + "k",
            "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
            "-c:a", "aac", "-b:a", "64k", "-ar", "48000",
        ];
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
