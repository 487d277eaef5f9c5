using CliWrap;
using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

/// <summary>A child's standard output read through a real pipe, as the launcher reads ffmpeg's progress.</summary>
public sealed class DedicatedLineReaderTests
{
    [Fact]
    public async Task EveryLine_ReachesTheHandlerInOrder_OnTheReadersOwnThread_AndTheRunEndsAtTheChildsExit()
    {
        var lines = new List<(string Line, string? Thread)>();

        var result = await Cli.Wrap("printf").WithArguments(["frame=1\\nfps=25.0\\r\\nprogress=continue\\nlast without newline"])
            .WithStandardOutputPipe(DedicatedLineReader.To(line => lines.Add((line, Thread.CurrentThread.Name)), "relay-progress-test"))
            .ExecuteAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["frame=1", "fps=25.0", "progress=continue", "last without newline"], lines.Select(l => l.Line));
        Assert.All(lines, l => Assert.Equal("relay-progress-test", l.Thread));
    }

    [Fact]
    public async Task AHandlerThatThrows_FailsTheCommand_AsCliWrapsOwnLineReaderWould()
    {
        var run = Cli.Wrap("printf").WithArguments(["one\\ntwo\\n"])
            .WithStandardOutputPipe(DedicatedLineReader.To(_ => throw new InvalidOperationException("handler failed"), "relay-progress-test"))
            .ExecuteAsync();

        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await run);
        Assert.Contains("handler failed", failure.ToString(), StringComparison.Ordinal);
    }
}
