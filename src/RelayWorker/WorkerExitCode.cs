namespace RelayWorker;

/// <summary>
/// The code the process exits with once the host has stopped: 0 unless a service stopped the worker for a reason
/// an orchestrator must see. Held per host rather than in <see cref="Environment.ExitCode"/>, so a test host that
/// sets it does not change the exit code of the process running the tests.
/// </summary>
internal sealed class WorkerExitCode
{
    private int _code;

    public int Code => Volatile.Read(ref _code);

    public void Set(int code) => Volatile.Write(ref _code, code);
}
