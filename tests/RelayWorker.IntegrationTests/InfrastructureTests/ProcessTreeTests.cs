
namespace RelayWorker.IntegrationTests.InfrastructureTests;

[Collection(TestLanes.Main)]
public sealed class ProcessTreeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact(Timeout = 10_000)]
    public async Task Children_lists_live_children_with_name_and_command_line_and_ignores_zombies()
    {
        // After exec, "sleep 30" is the parent of "sleep 1" and never reaps it, so the child becomes a zombie.
        await using var parent = ManagedProcess.Start("sh", ["-c", "sleep 1 & exec sleep 30"]);
        IReadOnlyList<int> children = [];
        // Until it execs, the child is a copy of sh; wait for the sleep it becomes.
        await Poll.UntilAsync(() => (children = ProcFs.Children(parent.Pid)) is [var only] && ProcFs.Name(only) == "sleep", Timeout, "the child to appear");
        var child = children[0];
        try
        {
            Assert.Equal("sleep", ProcFs.Name(child));
            Assert.Equal(["sleep", "1"], ProcFs.CommandLine(child));
            Assert.True(ProcFs.IsAlive(child));
            Assert.Equal([child], ProcFs.Descendants(parent.Pid));

            await Poll.UntilAsync(() => !ProcFs.IsAlive(child), Timeout, "the child to exit");

            Assert.True(Directory.Exists($"/proc/{child}"), "the exited child should linger as an unreaped zombie");
            Assert.Empty(ProcFs.Children(parent.Pid));
        }
        finally
        {
            UnixSignal.Send(child, UnixSignal.Kill);
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task An_ended_process_is_dead_and_has_no_command_line()
    {
        var process = ManagedProcess.Start("sleep", ["30"]);
        var pid = process.Pid;
        // Right after the fork the child's command line is still empty: wait for the exec.
        await Poll.UntilAsync(() => ProcFs.CommandLine(pid).Count > 0, TimeSpan.FromSeconds(5), "sleep to exec");
        Assert.Equal(["sleep", "30"], ProcFs.CommandLine(pid));

        await process.DisposeAsync();

        Assert.False(ProcFs.IsAlive(pid));
        Assert.Empty(ProcFs.CommandLine(pid));
        Assert.Null(ProcFs.Name(pid));
        Assert.True(ProcFs.IsAlive(Environment.ProcessId));
    }
}
