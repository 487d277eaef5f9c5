using System.Globalization;

namespace RelayWorker.TestSupport;

/// <summary>Where a process stands in the CPU queue.</summary>
internal static partial class ProcFs
{
    /// <summary>The niceness (field 19 of /proc/&lt;pid&gt;/stat, -20 to 19), or null when the process is gone.</summary>
    public static int? Nice(int pid)
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
        // The name in parentheses may hold spaces; the fields after it start with field 3 (state).
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 16 && int.TryParse(fields[16], NumberStyles.Integer, CultureInfo.InvariantCulture, out var nice) ? nice : null;
    }
}
