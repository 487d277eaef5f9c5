using System.Text;

namespace RelayWorker.TestSupport;

internal sealed partial class ManagedProcess
{
    /// <summary>stdout and stderr lines interleaved in arrival order, joined with '\n'.</summary>
    public string AllOutput => _output.Text();

    public string StandardOutput => _output.Text(stderr: false);

    public string StandardError => _output.Text(stderr: true);

    /// <summary>Lines printed so far (with a retention limit, also those no longer kept).</summary>
    public int LineCount => _output.Count;

    /// <summary>Bytes copied to <see cref="ProcessOptions.StandardOutputSink"/> so far.</summary>
    public long StandardOutputBytes => Interlocked.Read(ref _stdoutBytes);

    public IReadOnlyList<string> Lines(int from = 0) => _output.Lines(from);

    public string OutputTail(int count = 40) => _output.Tail(count);

    /// <summary>
    /// Waits for a line (from line number <paramref name="fromLine"/> on) that satisfies <paramref name="predicate"/>
    /// and returns it. Fails at once, with the output tail, if the process exits without printing it.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, int fromLine = 0)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var deadline = DateTime.UtcNow + timeout;
        var next = fromLine;
        while (true)
        {
            // Read the end state before the lines so that lines printed just before exit are still seen.
            var finished = _finished.IsCompleted;
            var count = _output.Count;
            foreach (var line in _output.Lines(next))
            {
                if (predicate(line))
                {
                    return line;
                }
            }
            next = Math.Max(next, count);
            if (finished)
            {
                throw new InvalidOperationException(
                    $"{Name} (pid {Pid}) exited with code {ExitCode} without printing the expected line. Output:\n{OutputTail()}");
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(
                    $"{Name} (pid {Pid}) did not print the expected line within {timeout.TotalSeconds:0.#} s. Output:\n{OutputTail()}");
            }
            await Task.Delay(Poll.Interval);
        }
    }

    private async Task PumpStandardOutputAsync(Stream stdout, CancellationToken abandon)
    {
        try
        {
            if (_options.StandardOutputSink is { } sink)
            {
                await PumpBytesAsync(stdout, sink, abandon);
            }
            else
            {
                await PumpLinesAsync(stdout, isError: false, _options.OnStandardOutputLine, abandon);
            }
        }
        finally
        {
            await RecordExitCodeAsync();
        }
    }

    // CliWrap disposes the Process only after both pipes are done, and this runs inside the stdout pipe,
    // so the Process can still be asked for its exit code here.
    private async Task RecordExitCodeAsync()
    {
        try
        {
            var process = _native ?? throw new InvalidOperationException("the process was not started");
            await process.WaitForExitAsync();
            _exitCode.TrySetResult(process.ExitCode);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            _exitCode.TrySetException(e);
        }
    }

    private async Task PumpLinesAsync(Stream stream, bool isError, Action<string, long>? onLine, CancellationToken abandon)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(abandon) is { } line)
        {
            var now = MonotonicClock.Now;
            _output.Add(isError, line);
            onLine?.Invoke(line, now);
        }
    }

    private async Task PumpBytesAsync(Stream source, Stream sink, CancellationToken abandon)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, abandon)) > 0)
        {
            await sink.WriteAsync(buffer.AsMemory(0, read), abandon);
            await sink.FlushAsync(abandon);
            Interlocked.Add(ref _stdoutBytes, read);
        }
    }
}
