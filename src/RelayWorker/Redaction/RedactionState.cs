namespace RelayWorker.Redaction;

/// <summary>
/// The secret values of the configuration in force, one per host: the supervisor refreshes it on every accepted
/// reload and the host's log formatter reads it for every line.
/// </summary>
internal sealed class RedactionState
{
    private volatile IReadOnlyCollection<string> _knownSecrets = [];

    public IReadOnlyCollection<string> KnownSecrets
    {
        get => _knownSecrets;
        set => _knownSecrets = value;
    }
}
