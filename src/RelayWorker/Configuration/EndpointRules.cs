using RelayWorker.Media;

namespace RelayWorker.Configuration;

/// <summary>
/// Checks one source or destination URL. Messages never repeat the URL itself: it may carry a
/// passphrase or stream key, and validation messages go to the log.
/// </summary>
internal static class EndpointRules
{
    // libsrt refuses passphrases outside this range and ffmpeg then fails with a vague error.
    private const int MinPassphraseLength = 10;
    private const int MaxPassphraseLength = 79;

    public static IEnumerable<string> SourceProblems(string url, bool listen)
    {
        if (!TryParse(url, out var uri, out var problem))
        {
            yield return problem;
            yield break;
        }
        var scheme = EndpointScheme.Find(uri.Scheme);
        if (scheme is not { CanRead: true })
        {
            yield return $"scheme '{uri.Scheme}' cannot be read; use one of {EndpointScheme.Readable}";
            yield break;
        }
        if (listen && !scheme.CanListen)
        {
            yield return $"Listen=true needs a {EndpointScheme.Listenable} source, not {uri.Scheme}";
        }
        foreach (var p in CommonProblems(uri, scheme))
        {
            yield return p;
        }
    }

    public static IEnumerable<string> DestinationProblems(string url)
    {
        if (!TryParse(url, out var uri, out var problem))
        {
            yield return problem;
            yield break;
        }
        var scheme = EndpointScheme.Find(uri.Scheme);
        if (scheme is not { CanWrite: true })
        {
            yield return $"scheme '{uri.Scheme}' cannot be written; use one of {EndpointScheme.Writable}";
            yield break;
        }
        foreach (var p in CommonProblems(uri, scheme))
        {
            yield return p;
        }
    }

    private static IEnumerable<string> CommonProblems(Uri uri, EndpointScheme scheme)
    {
        if (scheme.Name == EndpointScheme.Hls)
        {
            foreach (var p in HlsDirectoryProblems(uri))
            {
                yield return p;
            }
            yield break;
        }
        if (scheme.Name != EndpointScheme.TestPattern && string.IsNullOrEmpty(uri.Host))
        {
            yield return "no host; write scheme://host:port/…";
        }
        if (scheme.Name == "srt")
        {
            var passphrase = UrlQuery.Get(UrlQuery.Of(uri.OriginalString), "passphrase");
            if (passphrase is not null && passphrase.Length is < MinPassphraseLength or > MaxPassphraseLength)
            {
                yield return $"SRT passphrase must be {MinPassphraseLength} to {MaxPassphraseLength} characters long (it has {passphrase.Length})";
            }
            if (uri.IsDefaultPort || uri.Port <= 0)
            {
                yield return "SRT needs an explicit port, e.g. srt://host:8890";
            }
        }
    }

    // The directory ends up inside ffmpeg's tee and hls option strings: keep to characters with no
    // meaning there, and out of parent directories.
    private static IEnumerable<string> HlsDirectoryProblems(Uri uri)
    {
        if (!string.IsNullOrEmpty(uri.Host))
        {
            yield return "an HLS directory is local: write hls:///absolute/path (three slashes)";
            yield break;
        }
        // The written path, not uri.LocalPath: System.Uri folds "a/../b" away and would hide the escape.
        var written = uri.OriginalString;
        var path = written[(written.IndexOf("://", StringComparison.Ordinal) + 3)..];
        if (path.Length < 2 || !path.StartsWith('/') || path.Split('/').Contains("..") || path.Split('/').Contains("."))
        {
            yield return "an HLS directory must be an absolute path without '..', e.g. hls:///tmp/hls/cam1";
        }
        else if (!path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '.'))
        {
            yield return "an HLS directory may contain only letters, digits, '/', '_', '-' and '.'";
        }
    }

    private static bool TryParse(string url, out Uri uri, out string problem)
    {
        problem = "";
        if (url.Any(char.IsWhiteSpace))
        {
            uri = null!;
            problem = "contains whitespace; URLs must be percent-encoded";
            return false;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out uri!) || !url.Contains("://", StringComparison.Ordinal))
        {
            problem = "not an absolute URL like scheme://host:port/path";
            return false;
        }
        return true;
    }
}
