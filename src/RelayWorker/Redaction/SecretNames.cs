namespace RelayWorker.Redaction;

/// <summary>Query and stream-id parameter names whose values are secrets.</summary>
internal static class SecretNames
{
    // Suffixes, so stream_key, access_token and srt_passphrase are caught too.
    private static readonly string[] SecretSuffixes = ["passphrase", "password", "passwd", "pass", "pwd", "secret", "token", "key", "auth", "signature", "sig"];

    public static bool IsSecret(string name)
    {
        var decoded = Uri.UnescapeDataString(name);
        return SecretSuffixes.Any(s => decoded.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }
}
