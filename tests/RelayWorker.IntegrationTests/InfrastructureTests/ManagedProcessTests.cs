
namespace RelayWorker.IntegrationTests.InfrastructureTests;

[Collection(TestLanes.Main)]
public sealed class ManagedProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact(Timeout = 10_000)]
    public async Task Start_passes_arguments_verbatim_and_captures_both_streams()
    {
        // Spaces, quotes and a semicolon would be mangled or executed by a shell; an argument list keeps them.
        const string tricky = "a b \"c\"; echo injected";
        await using var echo = ManagedProcess.Start("echo", [tricky]);
        await using var failing = ManagedProcess.Start("ls", ["/definitely/not/here"]);

        Assert.Equal(0, await echo.WaitForExitAsync(Timeout));
        Assert.Equal(tricky, echo.StandardOutput);
        Assert.NotEqual(0, await failing.WaitForExitAsync(Timeout));
        Assert.Contains("/definitely/not/here", failing.StandardError, StringComparison.Ordinal);
        Assert.Contains("/definitely/not/here", failing.AllOutput, StringComparison.Ordinal);
        Assert.Empty(failing.StandardOutput);
    }

    [Fact(Timeout = 10_000)]
    public async Task Environment_adds_and_removes_variables_and_stdin_is_delivered()
    {
        Environment.SetEnvironmentVariable("RELAY_SMOKE_INHERITED", "inherited");
        try
        {
            await using var env = ManagedProcess.Start("env", [], new ProcessOptions
            {
                Environment = new Dictionary<string, string?> { ["RELAY_SMOKE_ADDED"] = "added", ["RELAY_SMOKE_INHERITED"] = null },
            });
            await using var cat = ManagedProcess.Start("cat", [], new ProcessOptions { StandardInput = "line one\nline two\n" });

            await env.WaitForExitAsync(Timeout);
            Assert.Contains("RELAY_SMOKE_ADDED=added", env.Lines());
            Assert.DoesNotContain(env.Lines(), line => line.StartsWith("RELAY_SMOKE_INHERITED=", StringComparison.Ordinal));
            Assert.Equal(0, await cat.WaitForExitAsync(Timeout));
            Assert.Equal(["line one", "line two"], cat.Lines());
        }
        finally
        {
            Environment.SetEnvironmentVariable("RELAY_SMOKE_INHERITED", null);
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForLineAsync_finds_a_line_and_fails_fast_when_the_process_exits_without_it()
    {
        await using var process = ManagedProcess.Start("seq", ["1", "5"]);

        Assert.Equal("4", await process.WaitForLineAsync(line => line == "4", Timeout));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAsync<InvalidOperationException>(() => process.WaitForLineAsync(line => line == "6", TimeSpan.FromSeconds(30)));
        Assert.True(DateTime.UtcNow - started < Timeout, "an exited process must not make the caller wait for the full timeout");
    }

    [Fact(Timeout = 10_000)]
    public async Task Suspend_and_Resume_stop_and_continue_the_process()
    {
        await using var process = ManagedProcess.Start("sleep", ["30"]);

        process.Suspend();
        await Poll.UntilAsync(() => State(process.Pid) == 'T', Timeout, "the process to be stopped");
        process.Resume();
        await Poll.UntilAsync(() => State(process.Pid) == 'S', Timeout, "the process to run again");
    }

    [Fact(Timeout = 10_000)]
    public async Task Dispose_ends_the_process_by_pid_with_SIGINT()
    {
        // A program that ends on SIGINT with its own exit code, so the code proves SIGINT came first and was enough.
        // (Python installs its handler even when SIGINT was ignored on entry, as in a test run started in the background.)
        var process = ManagedProcess.Start(StandIn.PythonPath, ["-c", StandIn.ExitOnSigint(7) + "time.sleep(30)"]);
        var pid = process.Pid;
        await process.WaitForLineAsync(line => line == StandIn.ReadyLine, Timeout);

        await process.DisposeAsync();

        Assert.False(ProcFs.IsAlive(pid));
        Assert.Equal(7, process.ExitCode);
    }

    [Fact(Timeout = 10_000)]
    public async Task Dispose_escalates_to_SIGKILL_when_SIGINT_is_ignored_even_while_suspended()
    {
        // An ignored signal stays ignored across exec, so this sleep really ignores SIGINT (no shell child left).
        var process = ManagedProcess.Start("sh", ["-c", "trap '' INT; exec sleep 30"], new ProcessOptions { StopGracePeriod = TimeSpan.FromMilliseconds(500) });
        var pid = process.Pid;
        await Poll.UntilAsync(() => ProcFs.Name(pid) == "sleep", Timeout, "sh to exec sleep");
        process.Suspend();

        await process.DisposeAsync();

        Assert.False(ProcFs.IsAlive(pid));
        Assert.Equal(128 + UnixSignal.Kill, process.ExitCode);
    }

    [Fact(Timeout = 10_000)]
    public async Task Kill_ends_the_process_at_once_and_Exited_reports_the_signal()
    {
        var process = ManagedProcess.Start("sh", ["-c", "trap '' INT TERM; exec sleep 30"]);

        Assert.Equal(128 + UnixSignal.Kill, await process.KillAsync());
        Assert.Equal(128 + UnixSignal.Kill, await process.Exited);
        Assert.False(ProcFs.IsAlive(process.Pid));
        Assert.False(process.Signal(UnixSignal.Kill), "a process known to be gone is never signalled again");
    }

    [Fact(Timeout = 10_000)]
    public async Task A_grandchild_holding_the_pipes_does_not_hold_up_the_exit()
    {
        // The background sleep inherits stdout and stderr and outlives its parent, which prints its pid and exits.
        await using var process = ManagedProcess.Start("sh", ["-c", "sleep 30 & echo $!"]);
        try
        {
            var started = DateTime.UtcNow;
            Assert.Equal(0, await process.WaitForExitAsync(Timeout));
            Assert.True(DateTime.UtcNow - started < Timeout, "the lingering pipe must not cost the caller its whole timeout");
        }
        finally
        {
            if (int.TryParse(process.StandardOutput, out var grandchild) && ProcFs.CommandLine(grandchild) is ["sleep", "30"])
            {
                UnixSignal.Send(grandchild, UnixSignal.Kill);
            }
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task Retained_lines_keep_the_newest_and_line_numbers_keep_counting()
    {
        await using var process = ManagedProcess.Start("seq", ["1", "100"], new ProcessOptions { RetainedLines = 10 });

        Assert.Equal(0, await process.WaitForExitAsync(Timeout));

        Assert.Equal(100, process.LineCount);
        Assert.Equal([.. Enumerable.Range(91, 10).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))], process.Lines());
        Assert.Equal(["96", "97", "98", "99", "100"], process.Lines(from: 95));
    }

    private static char? State(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }
}
