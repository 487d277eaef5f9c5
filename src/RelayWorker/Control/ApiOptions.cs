namespace RelayWorker.Control;

/// <summary>The <c>Relay__Api</c> section: the bearer token the control endpoints require. Without one they are off.</summary>
public sealed class ApiOptions
{
    /// <summary>The token itself (an environment variable). Prefer <see cref="TokenFile"/> where a secret can be mounted.</summary>
    public string? Token { get; set; }

    /// <summary>A file holding the token, e.g. a Kubernetes Secret or compose secret mounted read-only; read at each request,
    /// so a rotated secret applies without a restart. Surrounding whitespace (a trailing newline) is ignored.</summary>
    public string? TokenFile { get; set; }
}
