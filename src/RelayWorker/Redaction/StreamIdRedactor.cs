namespace RelayWorker.Redaction;

/// <summary>
/// SRT stream ids carry credentials in two common shapes: MediaMTX's <c>action:path:user:pass</c> (or
/// <c>action:path?user=…&amp;pass=…</c>) and the SRT access-control form <c>#!::r=path,m=publish,u=user,s=session</c>.
/// </summary>
internal static class StreamIdRedactor
{
    public static string Redact(string streamId)
    {
        if (streamId.StartsWith("#!::", StringComparison.Ordinal))
        {
            var pairs = streamId[4..].Split(',').Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    return pair;
                }
                var key = pair[..eq];
                // u (user) and s (session token) identify the caller; both count as credentials.
                return key is "u" or "s" || SecretNames.IsSecret(key) ? key + "=" + SecretRedactor.Mask : pair;
            });
            return "#!::" + string.Join(',', pairs);
        }
        var queryAt = streamId.IndexOf('?', StringComparison.Ordinal);
        if (queryAt >= 0)
        {
            var query = string.Join('&', streamId[(queryAt + 1)..].Split('&').Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                return eq >= 0 && (SecretNames.IsSecret(pair[..eq]) || pair[..eq].Equals("user", StringComparison.OrdinalIgnoreCase))
                    ? pair[..eq] + "=" + SecretRedactor.Mask
                    : pair;
            }));
            return streamId[..queryAt] + "?" + query;
        }
        var parts = streamId.Split(':');
        if (parts.Length >= 4)
        {
            // action:path:user:pass — keep what the operator needs to recognise the stream.
            return $"{parts[0]}:{parts[1]}:{SecretRedactor.Mask}:{SecretRedactor.Mask}";
        }
        return streamId;
    }
}
