using System.Globalization;

namespace RelayWorker.Supervision;

/// <summary>
/// Makes a child's niceness count on kernels that group tasks by session (autogroup, on by default on many hosts
/// outside containers) when the child has a session of its own (setsid, used under a terminal): there it is its own
/// scheduling group, and a group competes with its group weight whatever its tasks' niceness. Measured with 100
/// routes starting, the worker got about 1/100 of the CPU and /metrics took 3.6 s at ChildNiceness 19
/// (BENCHMARKS.md, "Many routes"). Writing the niceness to /proc/&lt;pid&gt;/autogroup applies it to that group,
/// which holds the child alone.
/// </summary>
internal static class AutogroupNice
{
    /// <summary>How long to wait for the child's setsid: until then it shares the worker's group, which must not be niced.</summary>
    private static readonly TimeSpan SessionWait = TimeSpan.FromMilliseconds(50);

    /// <summary>True when the niceness was applied to the child's own autogroup.</summary>
    public static bool TryApply(int processId, int niceness)
    {
        var path = $"/proc/{processId}/autogroup";
        if (!File.Exists(path))
        {
            // No autogroup (disabled, or a kernel without it): the task's own niceness is what counts.
            return false;
        }
        var deadline = Environment.TickCount64 + (long)SessionWait.TotalMilliseconds;
        while (!LeadsItsOwnSession(processId))
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }
            Thread.Sleep(1);
        }
        try
        {
            File.WriteAllText(path, niceness.ToString(CultureInfo.InvariantCulture));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Field 6 of /proc/&lt;pid&gt;/stat is the session id; setsid makes it the process's own id.</summary>
    private static bool LeadsItsOwnSession(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session) && session == processId;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return false;
        }
    }
}
