using RelayWorker.Continuity;

namespace RelayWorker.Tests.Continuity;

public sealed class IngestArgumentsTests
{
    [Fact]
    public void Build_RtmpSource_KeepsThePlainRoutesInputOptionsAndWritesTheSplicersTsToStdout()
    {
        var arguments = IngestArguments.Build("rtmp://127.0.0.1:1935/live/cam1", listen: false);

        Assert.Equal(["-i", "rtmp://127.0.0.1:1935/live/cam1"], Pair(arguments, "-i"));
        Assert.Equal(["-fpsprobesize", "0"], Pair(arguments, "-fpsprobesize"));
        Assert.Equal(["-map", "0:v:0", "-map", "0:a:0?", "-c", "copy"], arguments.SkipWhile(a => a != "-map").Take(6));
        Assert.Equal([.. ContinuityMuxer.Arguments, "pipe:1"], arguments.TakeLast(ContinuityMuxer.Arguments.Count + 1));
        Assert.True(arguments.ToList().IndexOf("-i") < arguments.ToList().IndexOf("-map"));
    }

    [Fact]
    public void Build_SrtListener_ListensLikeAPlainRoute()
    {
        var arguments = IngestArguments.Build("srt://0.0.0.0:9000", listen: true);

        Assert.Equal(["-i", "srt://0.0.0.0:9000?mode=listener"], Pair(arguments, "-i"));
    }

    private static string[] Pair(IReadOnlyList<string> arguments, string option)
    {
        var list = arguments.ToList();
        var i = list.IndexOf(option);
        return i < 0 || i + 1 >= list.Count ? [] : [list[i], list[i + 1]];
    }
}
