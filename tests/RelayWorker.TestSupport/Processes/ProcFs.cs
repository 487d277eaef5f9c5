using System.Globalization;

namespace RelayWorker.TestSupport;

/// <summary>One reading of /proc/&lt;pid&gt;/stat: the kernel's own accounting, the same numbers top and ps show.</summary>
internal readonly record struct ProcStat(string Name, char State, int ParentPid, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks, long StartTime)
{
    public double CpuSeconds => (UserTicks + SystemTicks) / (double)ProcFs.ClockTicksPerSecond;

    /// <summary>CPU of children this process has already reaped (waitpid), all of their threads included.</summary>
    public double ReapedChildrenCpuSeconds => (ChildUserTicks + ChildSystemTicks) / (double)ProcFs.ClockTicksPerSecond;

    /// <summary>
    /// A zombie has finished; it only waits for its parent to reap it (and under a container init that never
    /// reaps, it may wait forever), so for every purpose here it is dead.
    /// </summary>
    public bool IsZombie => State is 'Z' or 'X';
}

/// <summary>
/// Reads process facts straight from /proc. The worker starts ffmpeg itself, so its children are found by parent
/// PID (never by name): a test or a benchmark only ever measures or signals the processes it started, whatever
/// else runs on the shared machine.
/// </summary>
internal static partial class ProcFs
{
    private const int ScClkTck = 2;

    /// <summary>Ticks per second of the utime/stime fields in /proc/&lt;pid&gt;/stat (100 on every Linux seen here).</summary>
    public static readonly long ClockTicksPerSecond = Math.Max(1, NativeMethods.sysconf(ScClkTck));

    public static ProcStat? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) state ppid …": comm may contain spaces and parentheses, so split after the last ')'.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }
        var f = text[(close + 2)..].Split(' ');
        // f[0] is field 3 (state); utime, stime, cutime, cstime are fields 14-17; starttime is field 22.
        if (f.Length < 20)
        {
            return null;
        }
        return new ProcStat(text[(open + 1)..close], f[0][0], Int(f[1]), Long(f[11]), Long(f[12]), Long(f[13]), Long(f[14]), Long(f[19]));
    }

    public static bool IsAlive(int pid) => Stat(pid) is { IsZombie: false };

    /// <summary>The kernel's short name (/proc/pid/comm), e.g. "ffmpeg" after setpriv has exec'd it.</summary>
    public static string? Name(int pid) => Stat(pid)?.Name;

    /// <summary>
    /// Clock ticks since boot at which the process started: with the PID it identifies one process, so a PID the
    /// kernel has reused for something else is never mistaken for the process a caller remembered.
    /// </summary>
    public static long? StartTime(int pid) => Stat(pid)?.StartTime;

    /// <summary>
    /// Live direct children. Each thread lists the children it forked in task/&lt;tid&gt;/children, which is far
    /// cheaper than scanning every /proc entry, so this can be polled every few milliseconds.
    /// </summary>
    public static IReadOnlyList<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                string text;
                try
                {
                    text = File.ReadAllText(Path.Combine(task, "children"));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }
                foreach (var item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var child = Int(item);
                    if (IsAlive(child))
                    {
                        children.Add(child);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        return children;
    }

    /// <summary>Children whose kernel name is <paramref name="name"/> (setpriv and setsid exec, so the worker's are "ffmpeg").</summary>
    public static IReadOnlyList<int> ChildrenNamed(int pid, string name) =>
        [.. Children(pid).Where(child => Stat(child)?.Name == name)];

    /// <summary>Children, grandchildren and so on, for wrappers that fork instead of exec.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var result = new List<int>();
        var pending = new Queue<int>([pid]);
        // Bounded: a PID appears once in a tree, and the tree of a test's process is small.
        for (var visited = 0; visited < 10_000 && pending.TryDequeue(out var current); visited++)
        {
            foreach (var child in Children(current))
            {
                result.Add(child);
                pending.Enqueue(child);
            }
        }
        return result;
    }

    /// <summary>The argument vector from /proc/pid/cmdline; empty when the process is gone.</summary>
    public static IReadOnlyList<string> CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static long Long(string s) => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
