namespace RelayWorker.Thumbnails;

/// <summary>Where each route's picture lives: one directory per worker process under the temp directory (the only
/// writable path in the container), so two workers on one machine never share a file.</summary>
internal static class ThumbnailFiles
{
    private static readonly Lazy<string> Directory = new(() =>
        System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"relayworker-thumbnails-{Environment.ProcessId}")).FullName);

    /// <summary>Route names are validated as letters, digits, '_', '-' and '.', starting with a letter or digit: a file name.</summary>
    public static string PathFor(string route) => Path.Combine(Directory.Value, route.ToLowerInvariant() + ".jpg");
}
