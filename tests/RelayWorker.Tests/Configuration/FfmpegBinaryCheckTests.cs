using RelayWorker.Configuration;

namespace RelayWorker.Tests.Configuration;

public sealed class FfmpegBinaryCheckTests
{
    private readonly FfmpegBinaryCheck _check = new();

    [Fact]
    public void ProblemWith_TheInstalledFfmpeg_IsNone() => Assert.Null(_check.ProblemWith("ffmpeg"));

    [Fact]
    public void ProblemWith_MissingPath_SaysItDoesNotExist() =>
        Assert.Equal("'/nonexistent/bin/ffmpeg' does not exist", _check.ProblemWith("/nonexistent/bin/ffmpeg"));

    [Fact]
    public void ProblemWith_NameNotOnPath_SaysSo() =>
        Assert.StartsWith("'ffmpeg-not-installed-here' is not found in any directory of PATH", _check.ProblemWith("ffmpeg-not-installed-here"), StringComparison.Ordinal);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ProblemWith_FileWithoutExecuteBit_SaysItIsNotExecutable()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Assert.Equal($"'{file}' is not executable", _check.ProblemWith(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ProblemWith_AnotherProgram_SaysItIsNotFfmpeg() =>
        Assert.Equal("'/bin/true' is not ffmpeg: its -version output does not start with 'ffmpeg version'", _check.ProblemWith("/bin/true"));
}
