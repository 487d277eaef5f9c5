using System.Text;
using System.Text.RegularExpressions;

namespace RelayWorker.Redaction;

/// <summary>
/// Removes secrets from URLs and free text. Pure and table-tested; logs, the status API and metrics all
/// go through it, so a secret set in configuration never leaves the process.
/// </summary>
public static partial class SecretRedactor
{
    public const string Mask = "***";

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.\-]*://[^\s'""<>]+")]
    private static partial Regex UrlInText();

    // key=value or key: value pairs outside URLs, e.g. an option echoed by ffmpeg.
    // The name may carry a prefix (access_token, stream_key, srt_passphrase), as in SecretNames.
    [GeneratedRegex(@"(?i)\b([a-z0-9_\-]*(?:passphrase|password|passwd|pass|pwd|secret|token|key))(\s*[=:]\s*)([^\s&'"",;]+)")]
    private static partial Regex SecretAssignment();

    /// <summary>Redacts a URL; <paramref name="isDestination"/> also hides an RTMP stream key in the path.</summary>
    public static string RedactUrl(string url, bool isDestination = false)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return SecretAssignment().Replace(url, m => m.Groups[1].Value + m.Groups[2].Value + Mask);
        }
        var scheme = url[..schemeEnd];
        var rest = url[(schemeEnd + 3)..];
        var fragmentAt = rest.IndexOf('#', StringComparison.Ordinal);
        var fragment = "";
        if (fragmentAt >= 0 && !rest.Contains("streamid=#", StringComparison.OrdinalIgnoreCase))
        {
            fragment = "#" + Mask;
            rest = rest[..fragmentAt];
        }
        var queryAt = rest.IndexOf('?', StringComparison.Ordinal);
        var query = queryAt < 0 ? "" : rest[(queryAt + 1)..];
        var authorityAndPath = queryAt < 0 ? rest : rest[..queryAt];
        var pathAt = authorityAndPath.IndexOf('/', StringComparison.Ordinal);
        var authority = pathAt < 0 ? authorityAndPath : authorityAndPath[..pathAt];
        var path = pathAt < 0 ? "" : authorityAndPath[pathAt..];

        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = Mask + authority[at..];
        }
        if (isDestination && scheme.StartsWith("rtmp", StringComparison.OrdinalIgnoreCase))
        {
            path = RedactStreamKey(path);
        }
        var result = new StringBuilder(scheme).Append("://").Append(authority).Append(path);
        if (queryAt >= 0)
        {
            result.Append('?').Append(RedactQuery(query));
        }
        return result.Append(fragment).ToString();
    }

    /// <summary>Redacts every URL and key=value secret in a line of text, then every known secret value.</summary>
    public static string RedactText(string text, IReadOnlyCollection<string>? knownSecrets = null)
    {
        var redacted = UrlInText().Replace(text, m => RedactUrl(m.Value));
        redacted = SecretAssignment().Replace(redacted, m => m.Groups[1].Value + m.Groups[2].Value + Mask);
        if (knownSecrets is not null)
        {
            foreach (var secret in knownSecrets)
            {
                redacted = redacted.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }
        return redacted;
    }

    /// <summary>The RTMP stream key is the last path segment after the application name.</summary>
    private static string RedactStreamKey(string path)
    {
        var segments = path.Split('/');
        var nonEmpty = segments.Count(s => s.Length > 0);
        if (nonEmpty < 2)
        {
            return path;
        }
        var last = Array.FindLastIndex(segments, s => s.Length > 0);
        segments[last] = Mask;
        return string.Join('/', segments);
    }

    private static string RedactQuery(string query) =>
        string.Join('&', query.Split('&').Select(pair =>
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                return pair;
            }
            var name = pair[..eq];
            var value = pair[(eq + 1)..];
            if (SecretNames.IsSecret(name))
            {
                return name + "=" + Mask;
            }
            return name.Equals("streamid", StringComparison.OrdinalIgnoreCase)
                ? name + "=" + StreamIdRedactor.Redact(Uri.UnescapeDataString(value))
                : pair;
        }));
}
