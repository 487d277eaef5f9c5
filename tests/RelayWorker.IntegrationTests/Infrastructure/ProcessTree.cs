using System.Globalization;

namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// Process relationships read straight from /proc: the worker starts ffmpeg itself, so the tests can only
/// find those children (and prove none survive) by parent PID, never by name.
/// </summary>
internal static class ProcessTree
{
    /// <summary>Live (non-zombie) processes whose parent is <paramref name="parentPid"/>.</summary>
    public static IReadOnlyList<int> Children(int parentPid)
    {
        var children = new List<int>();
        foreach (var pid in AllPids())
        {
            if (ReadStat(pid) is { } stat && stat.ParentPid == parentPid && !stat.IsZombie)
            {
                children.Add(pid);
            }
        }
        return children;
    }

    /// <summary>Children, grandchildren and so on, for wrappers that fork instead of exec.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var result = new List<int>();
        var pending = new Queue<int>([pid]);
        while (pending.TryDequeue(out var current))
        {
            foreach (var child in Children(current))
            {
                result.Add(child);
                pending.Enqueue(child);
            }
        }
        return result;
    }

    /// <summary>
    /// A zombie has finished; it only waits for its parent to reap it (and under a container init that never
    /// reaps, it may wait forever), so for every test purpose it is dead.
    /// </summary>
    public static bool IsAlive(int pid) => ReadStat(pid) is { IsZombie: false };

    /// <summary>The kernel's short name (/proc/pid/comm), e.g. "ffmpeg" after setpriv has exec'd it.</summary>
    public static string? Name(int pid) => ReadStat(pid)?.Name;

    /// <summary>The argument vector from /proc/pid/cmdline; empty when the process is gone.</summary>
    public static IReadOnlyList<string> CommandLine(int pid)
    {
        try
        {
            var raw = File.ReadAllText($"/proc/{pid}/cmdline");
            return raw.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// Clock ticks since boot at which the process started: with the PID it identifies one process, so a PID the
    /// kernel has reused for something else is never mistaken for the process a test remembered.
    /// </summary>
    public static long? StartTime(int pid) => ReadStat(pid)?.StartTime;

    private static IEnumerable<int> AllPids()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    private static StatLine? ReadStat(int pid)
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

        // "pid (comm) state ppid ...": comm may itself contain spaces and parentheses, so split after the last ')'.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }
        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state), fields[1] field 4 (ppid), fields[19] field 22 (starttime).
        if (fields.Length < 20)
        {
            return null;
        }
        var state = fields[0];
        return new StatLine(
            text[(open + 1)..close],
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            state is "Z" or "X",
            long.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    private sealed record StatLine(string Name, int ParentPid, bool IsZombie, long StartTime);
}
