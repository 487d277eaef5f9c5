namespace RelayWorker.Configuration;

/// <summary>
/// What <c>Relay__Routes__&lt;name&gt;__Slate</c> accepts: <c>none</c>, <c>builtin</c>, or the absolute path of a
/// PNG or JPEG. An image is checked when the configuration is read, not when a source fails: a slate that cannot
/// be shown is found at start, not in the middle of an outage.
/// </summary>
internal static class SlateRules
{
    public const string None = "none";
    public const string Builtin = "builtin";

    /// <summary>Larger than any still a slate needs; reading a huge file at validation would stall a reload.</summary>
    private const long MaxImageBytes = 32L * 1024 * 1024;

    public static bool IsNone(string? slate) => string.IsNullOrWhiteSpace(slate) || slate.Equals(None, StringComparison.OrdinalIgnoreCase);

    public static bool IsBuiltin(string? slate) => string.Equals(slate, Builtin, StringComparison.OrdinalIgnoreCase);

    public static IEnumerable<string> Problems(string? slate)
    {
        if (IsNone(slate) || IsBuiltin(slate))
        {
            yield break;
        }
        if (!Path.IsPathFullyQualified(slate!))
        {
            yield return $"'{slate}' is not none, builtin or an absolute path to a PNG or JPEG image";
            yield break;
        }
        var problem = ImageProblem(slate!);
        if (problem is not null)
        {
            yield return problem;
        }
    }

    private static string? ImageProblem(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return $"'{path}' does not exist";
            }
            if (info.Length > MaxImageBytes)
            {
                return $"'{path}' is {info.Length / (1024 * 1024)} MiB; a slate image must be under {MaxImageBytes / (1024 * 1024)} MiB";
            }
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"'{path}' cannot be read: {e.Message}";
        }
        var size = ImageHeader.Dimensions(bytes);
        return size switch
        {
            null => $"'{path}' is not a PNG or JPEG image (or its header is damaged)",
            ({ } w, { } h) when w < 16 || h < 16 || w > 7680 || h > 4320 => $"'{path}' is {w}x{h}; a slate image must be 16x16 to 7680x4320",
            _ => null,
        };
    }
}
