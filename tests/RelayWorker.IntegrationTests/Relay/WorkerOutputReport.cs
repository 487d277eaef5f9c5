using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Relay;

/// <summary>Copies the worker's log into the test output, where xunit shows it when a test fails.</summary>
internal sealed class WorkerOutputReport(WorkerProcess worker, ITestOutputHelper output) : IDisposable
{
    private const int TailLines = 80;

    public void Dispose()
    {
        var lines = worker.Lines();
        foreach (var line in lines.Skip(Math.Max(0, lines.Count - TailLines)))
        {
            output.WriteLine(line);
        }
    }
}

internal static class WorkerOutputReportExtensions
{
    public static WorkerOutputReport ReportTo(this WorkerProcess worker, ITestOutputHelper output) => new(worker, output);
}
