using System.Globalization;
using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision.Fakes;

/// <summary>
/// A child the test controls: it writes the stdout/stderr lines the test pushes, exits when the test
/// says so, and records the signals the supervisor sends. Like ffmpeg it exits 255 on SIGINT (unless
/// told to ignore it) and 137 on SIGKILL.
/// </summary>
internal sealed class FakeChildProcess(
    int processId,
    ChildProcessSpec spec,
    DateTimeOffset startedAt,
    Action<string> onStdoutLine,
    Action<string> onStderrLine,
    bool ignoresInterrupt) : IChildProcess
{
    public const int ExitCodeAfterInterrupt = 255;
    public const int ExitCodeAfterKill = 137;

    // Continuations run on the pool, as they do for a real process: completing the exit from a test
    // must never run supervisor code inline on the test's thread.
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _interrupts;
    private int _kills;

    public int ProcessId { get; } = processId;

    public ChildProcessSpec Spec { get; } = spec;

    /// <summary>The (fake) time at which the launcher started this child.</summary>
    public DateTimeOffset StartedAt { get; } = startedAt;

    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public int InterruptCount => Volatile.Read(ref _interrupts);

    public int KillCount => Volatile.Read(ref _kills);

    public void Interrupt()
    {
        Interlocked.Increment(ref _interrupts);
        if (!ignoresInterrupt)
        {
            Exit(ExitCodeAfterInterrupt);
        }
    }

    public void Kill()
    {
        Interlocked.Increment(ref _kills);
        Exit(ExitCodeAfterKill);
    }

    public void Exit(int exitCode) => _exited.TrySetResult(exitCode);

    public void WriteStdout(string line) => onStdoutLine(line);

    public void WriteStderr(string line) => onStderrLine(line);

    /// <summary>Writes one <c>-progress pipe:1</c> block the way ffmpeg 5.1 prints it.</summary>
    public void WriteProgress(long outTimeMicroseconds, long totalSizeBytes = 0, long frame = 0, string fps = "25.00",
        string bitrate = "1000.0kbits/s", string speed = "1x")
    {
        foreach (var line in ProgressBlock(outTimeMicroseconds, totalSizeBytes, frame, fps, bitrate, speed))
        {
            WriteStdout(line);
        }
    }

    public static IEnumerable<string> ProgressBlock(long outTimeMicroseconds, long totalSizeBytes = 0, long frame = 0,
        string fps = "25.00", string bitrate = "1000.0kbits/s", string speed = "1x", string progress = "continue")
    {
        var us = outTimeMicroseconds.ToString(CultureInfo.InvariantCulture);
        var time = TimeSpan.FromMicroseconds(outTimeMicroseconds).ToString(@"hh\:mm\:ss\.ffffff", CultureInfo.InvariantCulture);
        return
        [
            $"frame={frame.ToString(CultureInfo.InvariantCulture)}",
            $"fps={fps}",
            "stream_0_0_q=-1.0",
            $"bitrate={bitrate}",
            $"total_size={totalSizeBytes.ToString(CultureInfo.InvariantCulture)}",
            $"out_time_us={us}",
            $"out_time_ms={us}",
            $"out_time={time}",
            "dup_frames=0",
            "drop_frames=0",
            $"speed={speed}",
            $"progress={progress}",
        ];
    }
}
