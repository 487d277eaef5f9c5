namespace RelayWorker.Supervision;

/// <summary>Whether the worker runs attached to a terminal, whose Ctrl+C would reach every process of its foreground group.</summary>
internal static class ControllingTerminal
{
    /// <summary>/dev/tty opens only for a process that has a controlling terminal (ENXIO otherwise).</summary>
    public static bool Exists()
    {
        try
        {
            using var terminal = new FileStream("/dev/tty", FileMode.Open, FileAccess.Read);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
