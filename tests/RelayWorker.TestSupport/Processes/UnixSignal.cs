namespace RelayWorker.TestSupport;

/// <summary>
/// kill(2) by PID. Process.Kill can only send SIGKILL, and the tests and benchmarks also need SIGTERM, SIGINT,
/// SIGSTOP and SIGCONT to reproduce what an orchestrator, an operator or a hung peer does.
/// </summary>
internal static class UnixSignal
{
    public const int Interrupt = 2;
    public const int Kill = 9;
    public const int Terminate = 15;
    public const int Continue = 18;
    public const int Stop = 19;

    /// <summary>True when the signal was delivered; false when no such process exists any more.</summary>
    public static bool Send(int pid, int signal)
    {
        // pid 0 or below would signal a whole process group, or every process we may signal.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        return NativeMethods.kill(pid, signal) == 0;
    }
}
