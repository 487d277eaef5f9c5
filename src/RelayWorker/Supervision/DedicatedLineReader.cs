using CliWrap;

namespace RelayWorker.Supervision;

/// <summary>
/// Reads a child's standard output line by line with blocking reads on a thread of its own. ffmpeg reports progress
/// on it once a second; read through .NET's socket engine, every report was two wake-ups (the engine's thread, then a
/// pool thread it hands the read to), which was most of what supervising a running route cost. A blocking read wakes
/// only the one thread that handles the line, and, unlike running completions on the engine's own two threads, it
/// leaves every route its own thread to be scheduled on when hundreds of children start at once (BENCHMARKS.md,
/// "A thread per route for progress").
/// </summary>
internal static class DedicatedLineReader
{
    /// <summary>The thread only reads and hands lines on; a small stack keeps 200 of them cheap.</summary>
    private const int StackBytes = 256 * 1024;

    public static PipeTarget To(Action<string> onLine, string threadName) => PipeTarget.Create((stream, _) =>
    {
        // The read ends when ffmpeg exits or is killed (the pipe's only writer goes), so it needs no cancellation.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => ReadAll(stream, onLine, done), StackBytes) { IsBackground = true, Name = threadName };
        thread.Start();
        return done.Task;
    });

    private static void ReadAll(Stream stream, Action<string> onLine, TaskCompletionSource done)
    {
        try
        {
            using var reader = new StreamReader(stream, leaveOpen: true);
            while (reader.ReadLine() is { } line)
            {
                onLine(line);
            }
            done.SetResult();
        }
        catch (Exception e)
        {
            // Handed to CliWrap as the pipe's failure, as its own line reader would.
            done.SetException(e);
        }
    }
}
