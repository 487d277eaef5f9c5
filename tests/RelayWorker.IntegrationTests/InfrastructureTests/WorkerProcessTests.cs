
namespace RelayWorker.IntegrationTests.InfrastructureTests;

/// <summary>
/// The worker fixture's own plumbing, exercised with stand-in commands through the very start path the
/// service uses; the service itself is exercised by the integration tests proper.
/// </summary>
[Collection(TestLanes.Main)]
public sealed class WorkerProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact(Timeout = 10_000)]
    public async Task RepositoryLayout_points_at_the_published_native_service_and_the_managed_build_of_the_tests_own_configuration()
    {
        var solution = await File.ReadAllTextAsync(Path.Combine(RepositoryLayout.Root, "RelayWorker.sln"));
        Assert.Contains("RelayWorker.IntegrationTests", solution, StringComparison.Ordinal);
        Assert.True(RepositoryLayout.Configuration is "Debug" or "Release", RepositoryLayout.Configuration);
        Assert.Equal(
            Path.Combine(RepositoryLayout.Root, "src", "RelayWorker", "bin", RepositoryLayout.Configuration, "net10.0", "RelayWorker.dll"),
            RepositoryLayout.WorkerAssembly);
        Assert.Equal(Path.Combine(RepositoryLayout.Root, "artifacts", "worker", "RelayWorker"), RepositoryLayout.Worker);
    }

    [Fact(Timeout = 10_000)]
    public async Task Start_path_strips_inherited_Relay_variables_and_adds_the_tests_own()
    {
        Environment.SetEnvironmentVariable("Relay__Routes__leaked__Source", "rtmp://leak");
        try
        {
            await using var worker = WorkerProcess.StartCommand(
                "env", _ => [], new Dictionary<string, string> { ["Relay__Routes__cam1__Source"] = "rtmp://127.0.0.1/live/cam1" }, null);

            Assert.Equal(0, await worker.WaitForExitAsync(Timeout));
            Assert.Contains("Relay__Routes__cam1__Source=rtmp://127.0.0.1/live/cam1", worker.Lines());
            Assert.DoesNotContain(worker.Lines(), line => line.StartsWith("Relay__Routes__leaked", StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable("Relay__Routes__leaked__Source", null);
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task Start_path_runs_in_a_fresh_content_root_holding_the_appsettings_and_passes_the_port()
    {
        await using var worker = WorkerProcess.StartCommand("ls", port => ["-1", $"--ignore={port}"], null, """{ "Relay": {} }""");

        Assert.Equal(0, await worker.WaitForExitAsync(Timeout));
        Assert.Equal([WorkerProcess.AppSettingsFileName], worker.Lines());
        Assert.Equal("""{ "Relay": {} }""", await File.ReadAllTextAsync(Path.Combine(worker.WorkingDirectory, WorkerProcess.AppSettingsFileName)));
        await worker.WriteAppSettingsAsync("""{ "Relay": { "StopTimeout": "00:00:02" } }""");
        Assert.Equal(["appsettings.json"], Directory.GetFiles(worker.WorkingDirectory).Select(Path.GetFileName));
        Assert.Equal(new Uri($"http://127.0.0.1:{worker.Port}/"), worker.BaseAddress);
    }

    [Fact(Timeout = 60_000)]
    public async Task LaunchThrough_nice_runs_the_worker_itself_further_back_in_the_CPU_queue()
    {
        var own = ProcFs.Nice(Environment.ProcessId) ?? throw new InvalidOperationException("cannot read this process's niceness");
        var environment = new Dictionary<string, string>
        {
            // Nothing listens on port 9: the route fails and backs off, which leaves the worker itself answering.
            ["Relay__Routes__cam1__Source"] = "rtmp://127.0.0.1:9/live/cam1",
            ["Relay__Routes__cam1__Destinations__0"] = "udp://127.0.0.1:9",
        };

        await using var worker = WorkerProcess.Start(environment, launch: new WorkerLaunch { LaunchThrough = ["/usr/bin/nice", "-n", "5"] });
        await worker.WaitForHttpAsync("healthz/live", System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(45));

        // nice execs: the PID started is the worker's own, and it runs 5 steps further back (19 is the floor).
        Assert.Equal("RelayWorker", ProcFs.Name(worker.Pid));
        Assert.Equal(Math.Min(19, own + 5), ProcFs.Nice(worker.Pid));
    }

    [Fact(Timeout = 10_000)]
    public async Task ChildPids_sees_direct_children_and_dispose_leaves_none_behind()
    {
        // A stand-in that ends on SIGINT without taking its two children along: the fixture must still not leak them.
        var worker = WorkerProcess.StartCommand(
            StandIn.PythonPath,
            _ => ["-c", "import subprocess\nchildren = [subprocess.Popen(['sleep', '30']) for _ in range(2)]\n" + StandIn.ExitOnSigint(0) + "signal.pause()"],
            null,
            null);
        IReadOnlyList<int> children = [];
        // Until they exec, the children are copies of python; wait for the two sleeps they become.
        await Poll.UntilAsync(
            () => (children = worker.ChildPids()).Count == 2 && children.All(pid => ProcFs.Name(pid) == "sleep"), Timeout, "two sleeping children");

        await worker.DisposeAsync();

        Assert.False(ProcFs.IsAlive(worker.Pid));
        Assert.All(children, pid => Assert.False(ProcFs.IsAlive(pid)));
    }
}
