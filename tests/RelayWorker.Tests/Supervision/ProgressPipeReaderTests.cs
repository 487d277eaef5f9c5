using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

/// <summary>Real children writing into real pipes: the reader is a thin layer over epoll, nothing here is faked.</summary>
public sealed class ProgressPipeReaderTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly List<Process> _children = [];

    [Fact]
    public async Task Lines_written_in_pieces_arrive_whole_in_order_before_the_child_is_reported_exited()
    {
        using var reader = new ProgressPipeReader();
        using var spawn = new SpawnThread();
        var launcher = new CliWrapChildLauncher(spawn, reader, NullLogger<CliWrapChildLauncher>.Instance);
        var lines = new ConcurrentQueue<string>();

        var child = await launcher.StartAsync(
            Shell("printf 'frame=1\\nfps='; sleep 0.3; printf '25\\nprogress=continue\\n'; sleep 0.3; printf 'progress=end'"),
            lines.Enqueue, _ => { }, CancellationToken.None);
        var exitCode = await child.Exited.WaitAsync(Deadline);

        Assert.Equal(0, exitCode);
        Assert.Equal(["frame=1", "fps=25", "progress=continue", "progress=end"], lines);
    }

    [Fact]
    public async Task A_child_that_exits_ends_the_gathering_at_once()
    {
        // A batch interval far beyond the deadline: only the hang-up can end the wait in time.
        using var reader = new ProgressPipeReader(TimeSpan.FromMinutes(5));
        var lines = new ConcurrentQueue<string>();
        var child = Start("echo first; sleep 0.5; echo second");

        await reader.ReadLinesAsync(child.StandardOutput.BaseStream, lines.Enqueue, CancellationToken.None).WaitAsync(Deadline);

        Assert.Equal(["first", "second"], lines);
    }

    [Fact]
    public async Task Many_pipes_read_at_once_each_get_their_own_lines_in_order()
    {
        using var reader = new ProgressPipeReader();
        var received = Enumerable.Range(0, 40).Select(_ => new ConcurrentQueue<string>()).ToArray();
        var reads = Enumerable.Range(0, 40).Select(route =>
        {
            var child = Start($"for block in 1 2 3; do printf 'route={route}\\nblock=%s\\n' $block; sleep 0.2; done");
            return reader.ReadLinesAsync(child.StandardOutput.BaseStream, received[route].Enqueue, CancellationToken.None);
        }).ToArray();

        await Task.WhenAll(reads).WaitAsync(Deadline);

        for (var route = 0; route < received.Length; route++)
        {
            Assert.Equal([$"route={route}", "block=1", $"route={route}", "block=2", $"route={route}", "block=3"], received[route]);
        }
    }

    [Fact]
    public async Task A_cancelled_read_ends_and_lets_the_pipe_close()
    {
        using var reader = new ProgressPipeReader();
        var lines = new ConcurrentQueue<string>();
        using var cancel = new CancellationTokenSource();
        var child = Start("while echo tick; do sleep 0.1; done; exit 7");
        var output = child.StandardOutput.BaseStream;
        var read = reader.ReadLinesAsync(output, line =>
        {
            lines.Enqueue(line);
            cancel.Cancel();
        }, cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Deadline));
        await output.DisposeAsync();

        // The reader let go of its reference: closing the stream closed the pipe, so the child's next write fails
        // (SIGPIPE, or EPIPE where the signal is ignored) and ends its loop.
        using var exitDeadline = new CancellationTokenSource(Deadline);
        await child.WaitForExitAsync(exitDeadline.Token);
        Assert.Contains(child.ExitCode, new[] { 7, 128 + 13 });
        Assert.Contains("tick", lines);
    }

    [Fact]
    public async Task A_throwing_callback_ends_only_its_own_read()
    {
        using var reader = new ProgressPipeReader();
        var healthyLines = new ConcurrentQueue<string>();
        var failing = Start("echo one; sleep 0.3; echo two");
        var healthy = Start("echo one; sleep 0.3; echo two");

        var failed = reader.ReadLinesAsync(failing.StandardOutput.BaseStream, _ => throw new InvalidOperationException("callback broke"), CancellationToken.None);
        var read = reader.ReadLinesAsync(healthy.StandardOutput.BaseStream, healthyLines.Enqueue, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failed.WaitAsync(Deadline));
        Assert.Equal("callback broke", error.Message);
        await read.WaitAsync(Deadline);
        Assert.Equal(["one", "two"], healthyLines);
    }

    [Fact]
    public async Task A_stream_that_is_not_a_pipe_is_read_the_ordinary_way()
    {
        using var reader = new ProgressPipeReader();
        var lines = new List<string>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("frame=1\nprogress=end"));

        await reader.ReadLinesAsync(stream, lines.Add, CancellationToken.None).WaitAsync(Deadline);

        Assert.Equal(["frame=1", "progress=end"], lines);
    }

    public void Dispose()
    {
        foreach (var child in _children)
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
            child.Dispose();
        }
    }

    private static ChildProcessSpec Shell(string script) => new("/bin/sh", ["-c", script]);

    private Process Start(string script)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        var child = Process.Start(info) ?? throw new InvalidOperationException("sh did not start");
        _children.Add(child);
        return child;
    }
}
