using System.Runtime.InteropServices;

namespace RelayWorker;

/// <summary>
/// SIGTERM and SIGINT handled from the first line of Program: the signal's default action is cancelled and the
/// request remembered, so a stop that arrives before the host listens for signals still ends the worker cleanly.
/// Once the host exists, a signal stops it through its lifetime.
/// </summary>
internal sealed class EarlyStopSignal : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private volatile IHostApplicationLifetime? _lifetime;
    private volatile bool _requested;

    public EarlyStopSignal() =>
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle), PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle)];

    public bool Requested => _requested;

    /// <summary>From now on a signal stops this host (also one that came in before).</summary>
    public void StopWith(IHostApplicationLifetime lifetime)
    {
        _lifetime = lifetime;
        if (_requested)
        {
            lifetime.StopApplication();
        }
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        _requested = true;
        _lifetime?.StopApplication();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
