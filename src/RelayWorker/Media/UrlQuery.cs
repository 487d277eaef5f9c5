namespace RelayWorker.Media;

/// <summary>Minimal query-string access; System.Web is not available and HttpUtility would be overkill.</summary>
internal static class UrlQuery
{
    /// <summary>
    /// Everything after the first '?', '#' included. System.Uri ends the query at a raw '#', but SRT
    /// access-control stream ids are written <c>streamid=#!::…</c> (MediaMTX documents it so) and
    /// ffmpeg reads the whole rest of the URL as the query.
    /// </summary>
    public static string Of(string url)
    {
        var at = url.IndexOf('?', StringComparison.Ordinal);
        return at < 0 ? "" : url[at..];
    }

    public static string? Get(string query, string name)
    {
        foreach (var (key, value) in Parse(query))
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }

    public static IEnumerable<(string Key, string Value)> Parse(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : pair[(eq + 1)..];
            yield return (Uri.UnescapeDataString(key), Uri.UnescapeDataString(value));
        }
    }
}
