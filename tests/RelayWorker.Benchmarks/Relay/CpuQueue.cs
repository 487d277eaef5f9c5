using System.Globalization;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// Places the processes under measurement behind the RTMP server and the publisher in the CPU queue, as a server
/// on another host would be: they run under <c>nice -n 10</c>, which needs no root (only lowering a niceness
/// does), and their children inherit it. nice execs, so the PID started is the measured process itself.
/// </summary>
internal static class CpuQueue
{
    public const int Increment = 10;

    private const string NicePath = "/usr/bin/nice";

    /// <summary>The command the worker is launched through (see <see cref="WorkerLaunch.LaunchThrough"/>).</summary>
    public static IReadOnlyList<string> Behind { get; } = [NicePath, "-n", Increment.ToString(CultureInfo.InvariantCulture)];

    /// <summary>Starts a bare ffmpeg with <paramref name="arguments"/> at the same place in the queue as the worker's children.</summary>
    public static ManagedProcess StartBehind(string program, IReadOnlyList<string> arguments, ProcessOptions options) =>
        ManagedProcess.Start(Behind[0], [.. Behind.Skip(1), program, .. arguments], options);

    /// <summary>"10" or "-" for a process that is gone, for the tables.</summary>
    public static string Describe(int? pid) =>
        pid is { } p && ProcFs.Nice(p) is { } nice ? nice.ToString(CultureInfo.InvariantCulture) : "-";
}
