using CliWrap;
using CliWrap.Buffered;
using RelayWorker.Capabilities;

namespace RelayWorker.Configuration;

/// <summary>
/// Checks that <c>Relay__FfmpegPath</c> names a runnable ffmpeg, at start and at every reload: a wrong path would
/// otherwise only show as endless restarts with exit code 127. The capability listings (<c>-version</c> among them,
/// asked once per binary) answer it; <c>-version</c> is run on its own only to say what is wrong with a binary whose
/// listings could not be read.
/// </summary>
internal partial class FfmpegBinaryCheck
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(10);

    private readonly FfmpegCapabilityProbe _capabilities = new();

    public FfmpegBinaryCheck(ILogger<FfmpegBinaryCheck>? logger = null)
    {
        if (logger is not null)
        {
            _capabilities.CacheNotWritten += (cacheFile, problem) => LogCacheNotWritten(logger, cacheFile, problem);
            _capabilities.ReadFromCache += (file, cacheFile) => LogReadFromCache(logger, file, cacheFile, Capabilities.CapabilityRecheck.Delay.TotalSeconds);
        }
    }

    /// <summary>What the ffmpeg at <paramref name="path"/> can do, asked once per binary (and read from
    /// <paramref name="cacheFile"/> when it remembers this binary); null when <see cref="ProblemWith"/> finds it
    /// unusable or its listings cannot be read.</summary>
    public virtual FfmpegCapabilities? CapabilitiesOf(string path, string cacheFile = "") =>
        Resolve(path) is { } file ? _capabilities.Of(file, cacheFile) : null;

    /// <summary>Whether the capabilities in force for <paramref name="path"/> were read from the cache file, not from ffmpeg.</summary>
    public bool CapabilitiesCameFromCache(string path) => Resolve(path) is { } file && _capabilities.CameFromCache(file);

    /// <summary>Lists the binary again, whatever is remembered, and remembers the answer (in <paramref name="cacheFile"/> too).</summary>
    public FfmpegCapabilities? RefreshCapabilities(string path, string cacheFile = "") =>
        Resolve(path) is { } file ? _capabilities.Refresh(file, cacheFile) : null;

    /// <summary>Why the path is not a usable ffmpeg, or null when it is.</summary>
    public virtual string? ProblemWith(string path, string cacheFile = "")
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null; // reported by the validator as empty
        }
        if (Resolve(path) is not { } file)
        {
            return path.Contains('/', StringComparison.Ordinal)
                ? $"'{path}' does not exist"
                : $"'{path}' is not found in any directory of PATH; install ffmpeg or set the full path";
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            return $"'{file}' is not executable";
        }
        // The listings run at once, and validation needs them anyway: a separate -version first cost a whole ffmpeg
        // start (0.1-0.2 s of CPU, loading its libraries) before the first route could start.
        if (_capabilities.Of(file, cacheFile)?.Version.StartsWith("ffmpeg version", StringComparison.Ordinal) == true)
        {
            return null;
        }
        try
        {
            using var timeout = new CancellationTokenSource(VersionTimeout);
            var result = Cli.Wrap(file).WithArguments(["-hide_banner", "-version"])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(timeout.Token).GetAwaiter().GetResult();
            return result.StandardOutput.StartsWith("ffmpeg version", StringComparison.Ordinal)
                ? null
                : $"'{file}' is not ffmpeg: its -version output does not start with 'ffmpeg version'";
        }
        catch (Exception e) when (e is OperationCanceledException or System.ComponentModel.Win32Exception or CliWrap.Exceptions.CliWrapException or IOException)
        {
            return $"'{file}' could not be run: {e.Message}";
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The capabilities of {FfmpegPath} were read from {CacheFile}; ffmpeg is listed again {Seconds} s after the start to confirm them")]
    private static partial void LogReadFromCache(ILogger logger, string ffmpegPath, string cacheFile, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ffmpeg's capability listings could not be kept in {CacheFile} ({Problem}); the next start lists ffmpeg again. Set Relay__CapabilityCache to a writable path, or empty to stop trying")]
    private static partial void LogCacheNotWritten(ILogger logger, string cacheFile, string problem);

    internal static string? Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        if (path.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(path) ? path : null;
        }
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Select(d => Path.Combine(d, path)).FirstOrDefault(File.Exists);
    }
}
