using Microsoft.Extensions.Logging;
using RelayWorker.FFmpeg;

namespace RelayWorker.Tests.FFmpeg;

public sealed class FfmpegLogLineTests
{
    [Theory]
    [InlineData("[h264 @ 0x55] [error] text", LogLevel.Error, "[h264 @ 0x55] text")]
    [InlineData("[tcp @ 0x5587a0] [error] Connection to tcp://src:1935 failed: Connection refused  ", LogLevel.Error, "[tcp @ 0x5587a0] Connection to tcp://src:1935 failed: Connection refused")]
    [InlineData("[fatal] Conversion failed!", LogLevel.Error, "Conversion failed!")]
    [InlineData("[panic] Assertion failed", LogLevel.Critical, "Assertion failed")]
    [InlineData("[flv @ 0x1] [warning] Non-monotonous DTS in output stream 0:1", LogLevel.Warning, "[flv @ 0x1] Non-monotonous DTS in output stream 0:1")]
    [InlineData("[info] Stream mapping:", LogLevel.Debug, "Stream mapping:")]
    [InlineData("[verbose] probing", LogLevel.Trace, "probing")]
    [InlineData("[debug] probing", LogLevel.Trace, "probing")]
    [InlineData("  Stream #0:0 -> #0:0 (copy)", LogLevel.Debug, "  Stream #0:0 -> #0:0 (copy)")]
    [InlineData("14:03:12.123/SRT:RcvQ:w1 E:SRT.cn: No room to store incoming packet", LogLevel.Debug, "14:03:12.123/SRT:RcvQ:w1 E:SRT.cn: No room to store incoming packet")]
    public void Parse_LevelTag_GivesLevelAndTextWithoutTheTag(string line, LogLevel level, string text)
    {
        var parsed = FfmpegLogLine.Parse(line);

        Assert.Equal(level, parsed.Level);
        Assert.Equal(text, parsed.Text);
    }

    [Theory]
    [InlineData("[fatal] x", true)]
    [InlineData("[error] x", true)]
    [InlineData("[panic] x", true)]
    [InlineData("[warning] x", false)]
    [InlineData("untagged", false)]
    public void IsError_ErrorAndWorse_AreErrors(string line, bool isError)
    {
        Assert.Equal(isError, FfmpegLogLine.Parse(line).IsError);
    }

    [Fact]
    public void Parse_InfoLineQuotingAnErrorTag_StaysAtItsOwnLevel()
    {
        var parsed = FfmpegLogLine.Parse("[info]     title           : [error] in the studio");

        Assert.Equal(LogLevel.Debug, parsed.Level);
    }
}
