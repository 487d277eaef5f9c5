namespace RelayWorker.IntegrationTests.InfrastructureTests;

/// <summary>
/// Small Python programs that stand in for a real server in the fixtures' own tests. A shell cannot serve: a
/// non-interactive sh cannot trap a signal that was ignored when it started, and a test run started in the
/// background starts everything with SIGINT ignored. Python installs its handler either way, as ffmpeg, nginx and
/// the worker do.
/// </summary>
internal static class StandIn
{
    public const string PythonPath = "/usr/bin/python3";

    public const string ReadyLine = "ready";

    /// <summary>Statements (ending in a newline) that make SIGINT end the program with <paramref name="exitCode"/>, then print <see cref="ReadyLine"/>.</summary>
    public static string ExitOnSigint(int exitCode) =>
        $"import signal, sys, time\nsignal.signal(signal.SIGINT, lambda *_: sys.exit({exitCode}))\nprint('{ReadyLine}', flush=True)\n";
}
