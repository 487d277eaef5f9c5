using RelayWorker.Status;

namespace RelayWorker.Tests.Status;

public sealed class RestartReasonTests
{
    [Theory]
    [InlineData(0, "exited")]
    [InlineData(1, "failed")]
    [InlineData(251, "failed")] // ffmpeg 6.1: AVERROR(EIO) & 0xFF after an error
    [InlineData(146, "failed")] // ffmpeg 6.1: AVERROR(ETIMEDOUT) & 0xFF, above 128 but no signal
    [InlineData(69, "failed")]
    [InlineData(255, "killed")] // ffmpeg after SIGINT/SIGTERM
    [InlineData(137, "killed")] // 128 + SIGKILL
    [InlineData(143, "killed")] // 128 + SIGTERM
    [InlineData(139, "killed")] // 128 + SIGSEGV
    [InlineData(130, "killed")] // 128 + SIGINT
    public void ForExitCode_Table_ClassifiesHowFfmpegEnded(int exitCode, string reason)
    {
        Assert.Equal(reason, RestartReason.ForExitCode(exitCode));
    }

    [Theory]
    [InlineData(126)]
    [InlineData(127)]
    public void ForExitCode_ExecWrapperCouldNotStartFfmpeg_IsStartFailed(int exitCode)
    {
        Assert.Equal(RestartReason.StartFailed, RestartReason.ForExitCode(exitCode));
    }
}
