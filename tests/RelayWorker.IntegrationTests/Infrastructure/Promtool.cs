namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>Prometheus's own linter, so exposition and rule files are judged by the tool operators use.</summary>
internal static class Promtool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Pipes an exposition into `promtool check metrics`. Exit code 0 with empty output means no finding;
    /// lint problems (e.g. "no help text") come back as non-zero with one line per problem.
    /// </summary>
    public static Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition) =>
        RunAsync(["check", "metrics"], exposition);

    public static Task<(int ExitCode, string Output)> CheckRulesAsync(string rulesFile) =>
        RunAsync(["check", "rules", rulesFile], null);

    private static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, string? input)
    {
        await using var process = ManagedProcess.Start("promtool", arguments, new ProcessOptions { Name = "promtool", StandardInput = input });
        var exitCode = await process.WaitForExitAsync(Timeout);
        return (exitCode, process.AllOutput);
    }
}
