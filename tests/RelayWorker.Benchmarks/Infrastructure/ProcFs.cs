using System.Globalization;

namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>One reading of /proc/&lt;pid&gt;/stat: the kernel's own accounting, the same numbers top and ps show.</summary>
internal readonly record struct ProcStat(string Name, char State, int ParentPid, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks, long StartTime)
{
    public double CpuSeconds => (UserTicks + SystemTicks) / (double)Posix.ClockTicksPerSecond;

    /// <summary>CPU of children this process has already reaped (waitpid), all of their threads included.</summary>
    public double ReapedChildrenCpuSeconds => (ChildUserTicks + ChildSystemTicks) / (double)Posix.ClockTicksPerSecond;

    public bool IsZombie => State is 'Z' or 'X';
}

/// <summary>
/// Reads process facts straight from /proc. Children are found by parent PID (never by name), so a benchmark
/// only ever measures or signals the processes it started, whatever else runs on the shared machine.
/// </summary>
internal static class ProcFs
{
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

    public static ProcStat Self() => Stat(Environment.ProcessId) ?? throw new InvalidOperationException("cannot read /proc/self/stat");

    public static bool IsAlive(int pid) => Stat(pid) is { IsZombie: false };

    /// <summary>VmRSS in MiB, from /proc/&lt;pid&gt;/status; null when the process is gone.</summary>
    public static double? RssMiB(int pid) => StatusKiB(pid, "VmRSS:") / 1024.0;

    public static int? Threads(int pid) => (int?)StatusKiB(pid, "Threads:");

    /// <summary>Open file descriptors: the entries of /proc/&lt;pid&gt;/fd (pipes, sockets, files alike).</summary>
    public static int? OpenFileDescriptors(int pid)
    {
        try
        {
            return Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Open descriptors by kind (socket, pipe, anon_inode:[eventpoll], a file's directory…), for telling what leaks.</summary>
    public static SortedDictionary<string, int> FileDescriptorKinds(int pid)
    {
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        try
        {
            foreach (var fd in Directory.GetFileSystemEntries($"/proc/{pid}/fd"))
            {
                var target = new FileInfo(fd).LinkTarget ?? "?";
                var kind = target.StartsWith('/') ? Path.GetDirectoryName(target) ?? "/" : target.Split(':')[0] + (target.StartsWith("anon_inode:", StringComparison.Ordinal) ? ":" + target[11..] : "");
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return kinds;
    }

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

    /// <summary>Every live process with <paramref name="argument"/> as one of its arguments: the orphan check of the soak.</summary>
    public static IReadOnlyList<int> ProcessesWithArgument(string argument)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && IsAlive(pid)
                && CommandLine(pid).Contains(argument))
            {
                found.Add(pid);
            }
        }
        return found;
    }

    /// <summary>1, 5 and 15 minute load averages: how busy the shared machine was around a measurement.</summary>
    public static string LoadAverage()
    {
        var fields = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"{fields[0]} {fields[1]} {fields[2]}";
    }

    private static long? StatusKiB(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return Long(line[key.Length..].Trim().Split(' ')[0]);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static long Long(string s) => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
