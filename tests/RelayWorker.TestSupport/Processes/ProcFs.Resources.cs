using System.Globalization;

namespace RelayWorker.TestSupport;

/// <summary>What the benchmarks read about a process's resources and the machine's load.</summary>
internal static partial class ProcFs
{
    public static ProcStat Self() => Stat(Environment.ProcessId) ?? throw new InvalidOperationException("cannot read /proc/self/stat");


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
}
