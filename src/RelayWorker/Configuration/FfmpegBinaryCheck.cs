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
internal class FfmpegBinaryCheck
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(10);

    private readonly FfmpegCapabilityProbe _capabilities = new();

    /// <summary>What the ffmpeg at <paramref name="path"/> can do, asked once per binary; null when
    /// <see cref="ProblemWith"/> finds it unusable or its listings cannot be read.</summary>
    public virtual FfmpegCapabilities? CapabilitiesOf(string path) =>
        !string.IsNullOrWhiteSpace(path) && Resolve(path) is { } file ? _capabilities.Of(file) : null;

    /// <summary>Why the path is not a usable ffmpeg, or null when it is.</summary>
    public virtual string? ProblemWith(string path)
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
        if (_capabilities.Of(file)?.Version.StartsWith("ffmpeg version", StringComparison.Ordinal) == true)
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

    private static string? Resolve(string path)
    {
        if (path.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(path) ? path : null;
        }
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Select(d => Path.Combine(d, path)).FirstOrDefault(File.Exists);
    }
}
