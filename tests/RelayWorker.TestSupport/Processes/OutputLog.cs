namespace RelayWorker.TestSupport;

/// <summary>
/// The lines a process printed, in arrival order, tagged with their stream. Written by the pipe readers and read
/// by test threads at the same time, hence the lock. Line numbers count every line ever added; with a retention
/// limit only the newest lines are kept (a ten-minute soak must not grow memory with the worker's logs).
/// </summary>
internal sealed class OutputLog(int? retainedLines = null)
{
    private readonly Lock _gate = new();
    private readonly Queue<(bool IsError, string Text)> _lines = new();
    private int _dropped;

    /// <summary>Lines added so far, including any no longer retained.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _dropped + _lines.Count;
            }
        }
    }

    public void Add(bool isError, string text)
    {
        lock (_gate)
        {
            _lines.Enqueue((isError, text));
            if (retainedLines is { } limit && _lines.Count > limit)
            {
                _lines.Dequeue();
                _dropped++;
            }
        }
    }

    /// <summary>Retained lines from line number <paramref name="from"/> on; both streams unless <paramref name="stderr"/> picks one.</summary>
    public IReadOnlyList<string> Lines(int from = 0, bool? stderr = null)
    {
        lock (_gate)
        {
            return [.. _lines.Skip(Math.Max(0, from - _dropped)).Where(line => stderr is null || line.IsError == stderr).Select(line => line.Text)];
        }
    }

    public string Text(bool? stderr = null) => string.Join('\n', Lines(0, stderr));

    /// <summary>The last lines, for exception messages: enough to see why a process failed, short enough to read.</summary>
    public string Tail(int count = 40)
    {
        var lines = Lines();
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Count - count)));
    }
}
