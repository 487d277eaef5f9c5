using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Relay;

[Collection(TestLanes.Main)]
public sealed class StartupFailureTests(ITestOutputHelper output)
{
    [Fact(Timeout = 60_000)]
    public async Task Worker_PortAlreadyInUse_ExitsNonZeroWithOneLineNamingAddressPortAndSettingAndStartsNoChild()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        await using var worker = WorkerProcess.StartCommand(
            RepositoryLayout.Worker,
            _ => ["--urls", $"http://127.0.0.1:{port}"],
            new RouteEnvironment().Route("cam1", "testsrc://cam1", "udp://127.0.0.1:9").Build(),
            appSettingsJson: null);
        using var report = worker.ReportTo(output);

        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, exitCode);
        var failure = Assert.Single(worker.Lines(), l => l.Contains("already in use", StringComparison.Ordinal));
        Assert.Contains($"http://127.0.0.1:{port}", failure, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_URLS", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ffmpeg started", worker.Output, StringComparison.Ordinal);
    }
}
