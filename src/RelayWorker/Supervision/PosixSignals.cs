using System.Runtime.InteropServices;

namespace RelayWorker.Supervision;

/// <summary>
/// kill(2) directly: Process.Kill only sends SIGKILL, and ffmpeg needs SIGINT to close its outputs cleanly.
/// </summary>
internal static partial class PosixSignals
{
    public const int SigInt = 2;
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    /// <summary>False when the process is already gone.</summary>
    public static bool Send(int pid, int signal) => pid > 0 && SysKill(pid, signal) == 0;
}
