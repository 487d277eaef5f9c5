using System.Diagnostics;

namespace RelayWorker.Tests.Deployment;

/// <summary>Runs a command-line tool (docker-compose, promtool, bash) the way a person would, with a deadline.</summary>
internal static class ExternalTool
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static Task<ToolResult> RunAsync(string fileName, string workingDirectory, params string[] arguments) =>
        RunWithInputAsync(fileName, workingDirectory, null, arguments);

    /// <summary>Runs the tool with <paramref name="standardInput"/> written to its stdin (promtool check metrics reads only stdin).</summary>
    public static async Task<ToolResult> RunWithInputAsync(string fileName, string workingDirectory, string? standardInput, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = standardInput is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Start(startInfo);
        // Both pipes are drained concurrently: a tool that fills one while we wait on the other would hang.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} ran longer than {Deadline}");
        }
        return new ToolResult(process.ExitCode, await stdout + await stderr);
    }

    private static Process Start(ProcessStartInfo startInfo)
    {
        try
        {
            return Process.Start(startInfo) ?? throw new InvalidOperationException($"{startInfo.FileName} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"{startInfo.FileName} is missing: test.sh installs it (Debian packages docker-compose and prometheus)", e);
        }
    }
}

internal sealed record ToolResult(int ExitCode, string Output);
