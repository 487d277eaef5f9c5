namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// Every line a process printed, in arrival order, tagged with its stream. Written by the pipe readers and read
/// by test threads at the same time, hence the lock.
/// </summary>
internal sealed class OutputLog
{
    private readonly Lock _gate = new();
    private readonly List<(bool IsError, string Text)> _lines = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    public void Add(bool isError, string text)
    {
        lock (_gate)
        {
            _lines.Add((isError, text));
        }
    }

    /// <summary>Lines from index <paramref name="from"/> on; both streams unless <paramref name="stderr"/> picks one.</summary>
    public IReadOnlyList<string> Lines(int from = 0, bool? stderr = null)
    {
        lock (_gate)
        {
            var result = new List<string>();
            for (var i = Math.Max(0, from); i < _lines.Count; i++)
            {
                if (stderr is null || _lines[i].IsError == stderr)
                {
                    result.Add(_lines[i].Text);
                }
            }
            return result;
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
