using System.Runtime.InteropServices;

namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>
/// kill(2) by PID and the kernel's clock tick. Process.Kill can only SIGKILL, and the benchmarks also need
/// SIGINT/SIGTERM (a clean stop, as an operator would) and must never signal anything they did not start.
/// </summary>
internal static partial class Posix
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private const int ScClkTck = 2;

    /// <summary>Ticks per second of the utime/stime fields in /proc/&lt;pid&gt;/stat (100 on every Linux seen here).</summary>
    public static readonly long ClockTicksPerSecond = Math.Max(1, NativeMethods.sysconf(ScClkTck));

    /// <summary>True when delivered; false when the process no longer exists.</summary>
    public static bool Kill(int pid, int signal)
    {
        // 0 or a negative PID would signal a whole process group, or every process we may signal.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        return NativeMethods.kill(pid, signal) == 0;
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static partial int kill(int pid, int sig);

        [LibraryImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static partial long sysconf(int name);
    }
}
