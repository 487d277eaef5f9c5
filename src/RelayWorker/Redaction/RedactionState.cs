namespace RelayWorker.Redaction;

/// <summary>
/// The secret values of the configuration in force, shared by the log formatter (which exists before
/// the container does) and the supervisor (which refreshes it on every accepted reload).
/// </summary>
internal sealed class RedactionState
{
    public static RedactionState Shared { get; } = new();

    private volatile IReadOnlyCollection<string> _knownSecrets = [];

    public IReadOnlyCollection<string> KnownSecrets
    {
        get => _knownSecrets;
        set => _knownSecrets = value;
    }
}
