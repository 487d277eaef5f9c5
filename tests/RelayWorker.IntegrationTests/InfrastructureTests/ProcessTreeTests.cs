using RelayWorker.IntegrationTests.Infrastructure;

namespace RelayWorker.IntegrationTests.InfrastructureTests;

public sealed class ProcessTreeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact(Timeout = 10_000)]
    public async Task Children_lists_live_children_with_name_and_command_line_and_ignores_zombies()
    {
        // After exec, "sleep 30" is the parent of "sleep 1" and never reaps it, so the child becomes a zombie.
        await using var parent = ManagedProcess.Start("sh", ["-c", "sleep 1 & exec sleep 30"]);
        IReadOnlyList<int> children = [];
        await Poll.UntilAsync(() => (children = ProcessTree.Children(parent.Pid)).Count == 1, Timeout, "the child to appear");
        var child = children[0];
        try
        {
            Assert.Equal("sleep", ProcessTree.Name(child));
            Assert.Equal(["sleep", "1"], ProcessTree.CommandLine(child));
            Assert.True(ProcessTree.IsAlive(child));
            Assert.Equal([child], ProcessTree.Descendants(parent.Pid));

            await Poll.UntilAsync(() => !ProcessTree.IsAlive(child), Timeout, "the child to exit");

            Assert.True(Directory.Exists($"/proc/{child}"), "the exited child should linger as an unreaped zombie");
            Assert.Empty(ProcessTree.Children(parent.Pid));
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
        Assert.Equal(["sleep", "30"], ProcessTree.CommandLine(pid));

        await process.DisposeAsync();

        Assert.False(ProcessTree.IsAlive(pid));
        Assert.Empty(ProcessTree.CommandLine(pid));
        Assert.Null(ProcessTree.Name(pid));
        Assert.True(ProcessTree.IsAlive(Environment.ProcessId));
    }
}
