
namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// The exact argument vector the worker gave one of its ffmpeg children, read from /proc/&lt;pid&gt;/cmdline (setpriv
/// and setsid exec, so it is ffmpeg's own argv). The bare and nginx exec_push runs reuse it, so the comparison is
/// between supervisors, never between two slightly different ffmpeg command lines.
/// </summary>
internal static class FfmpegCommandLine
{
    /// <summary>argv[1..] of the worker's child that writes to <paramref name="destination"/>.</summary>
    public static IReadOnlyList<string> OfChildWritingTo(WorkerProcess worker, string destination)
    {
        foreach (var pid in worker.FfmpegChildren())
        {
            var argv = ProcFs.CommandLine(pid);
            if (argv.Count > 1 && argv.Contains(destination))
            {
                return [.. argv.Skip(1)];
            }
        }
        throw new InvalidOperationException($"no ffmpeg child of the worker writes to {destination}");
    }

    /// <summary>The same arguments with one value replaced (a source or destination URL).</summary>
    public static IReadOnlyList<string> Replace(IReadOnlyList<string> arguments, string from, string to)
    {
        if (!arguments.Contains(from))
        {
            throw new ArgumentException($"{from} is not one of the arguments", nameof(from));
        }
        return [.. arguments.Select(a => a == from ? to : a)];
    }
}
