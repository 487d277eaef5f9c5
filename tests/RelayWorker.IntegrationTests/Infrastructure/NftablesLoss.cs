using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// Random packet loss on loopback, injected with nftables: a table of its own (relayworker_test_&lt;random&gt;)
/// with one chain that drops one in <c>N</c> UDP datagrams sent to 127.0.0.1:&lt;port&gt; (<c>numgen random mod N</c>).
/// Only that port on 127.0.0.1 is touched, and disposing deletes the table by its name, so nothing else on the
/// machine (nor another test's table) is affected. A counter rule before the drop rule counts every datagram,
/// so a test can prove the loss it asked for was really applied.
/// </summary>
/// <remarks>
/// Needs /usr/sbin/nft (Debian package nftables) and CAP_NET_ADMIN. When either is missing, <see cref="StartAsync"/>
/// throws with the reason: a loss test that silently ran without loss would prove nothing.
/// </remarks>
internal sealed class NftablesLoss : IAsyncDisposable
{
    public const string NftPath = "/usr/sbin/nft";
    private const string Chain = "loss";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    // Safety net, as in ManagedProcess: xunit abandons a test that hits its Timeout without disposing it, so any table
    // still registered here is deleted when the test process exits. Loss must never outlive the run.
    private static readonly ConcurrentDictionary<string, byte> LiveTables = new(StringComparer.Ordinal);

    private int _disposed;

    static NftablesLoss() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var table in LiveTables.Keys)
        {
            using var nft = Process.Start(new ProcessStartInfo(NftPath, ["delete", "table", "inet", table]) { UseShellExecute = false });
            nft?.WaitForExit(TimeSpan.FromSeconds(2));
        }
    };

    private NftablesLoss(string table) => Table = table;

    /// <summary>The table's name, unique per instance.</summary>
    public string Table { get; }

    /// <summary>
    /// Drops one in <paramref name="oneIn"/> datagrams to 127.0.0.1:<paramref name="udpPort"/>. <paramref name="hook"/>
    /// is the netfilter hook: <c>input</c> drops a datagram silently on arrival, as a lossy network does;
    /// <c>output</c> drops it on sending, where the kernel also fails the sender's sendmsg with EPERM.
    /// </summary>
    public static async Task<NftablesLoss> StartAsync(int udpPort, int oneIn = 10, string hook = "input")
    {
        if (!File.Exists(NftPath))
        {
            throw new InvalidOperationException(
                $"{NftPath} is missing: install the Debian package nftables (apt-get install nftables) to run the packet-loss test.");
        }
        if (hook is not ("input" or "output"))
        {
            throw new ArgumentException("hook must be input or output", nameof(hook));
        }
        var loss = new NftablesLoss($"relayworker_test_{Guid.NewGuid():N}"[..33]);
        var port = udpPort.ToString(CultureInfo.InvariantCulture);
        var modulo = oneIn.ToString(CultureInfo.InvariantCulture);
        // One script, applied atomically by nft -f: either the whole table exists or none of it does.
        var script = $$"""
            table inet {{loss.Table}} {
                chain {{Chain}} {
                    type filter hook {{hook}} priority 0; policy accept;
                    ip daddr 127.0.0.1 udp dport {{port}} counter
                    ip daddr 127.0.0.1 udp dport {{port}} numgen random mod {{modulo}} == 0 counter drop
                }
            }
            """;
        LiveTables.TryAdd(loss.Table, 0);
        var (exitCode, output) = await RunAsync(["-f", "-"], script);
        if (exitCode != 0)
        {
            await loss.DisposeAsync();
            throw new InvalidOperationException(
                $"nft could not create table {loss.Table} (exit {exitCode}); the loss test needs root or CAP_NET_ADMIN:\n{output}");
        }
        return loss;
    }

    /// <summary>Datagrams to the port so far, and how many of them were dropped.</summary>
    public async Task<(long Seen, long Dropped)> CountersAsync()
    {
        var (exitCode, output) = await RunAsync(["-j", "list", "table", "inet", Table]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"nft could not list table {Table} (exit {exitCode}):\n{output}");
        }
        var counters = new List<long>();
        using var document = JsonDocument.Parse(output);
        foreach (var item in document.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (item.TryGetProperty("rule", out var rule))
            {
                foreach (var expression in rule.GetProperty("expr").EnumerateArray())
                {
                    if (expression.TryGetProperty("counter", out var counter))
                    {
                        counters.Add(counter.GetProperty("packets").GetInt64());
                    }
                }
            }
        }
        return counters is [var seen, var dropped]
            ? (seen, dropped)
            : throw new InvalidOperationException($"Expected two counters in table {Table}:\n{output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // Delete by name only: a failed creation leaves nothing to delete, which nft reports and we ignore.
        await RunAsync(["delete", "table", "inet", Table]);
        LiveTables.TryRemove(Table, out _);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, string? input = null)
    {
        await using var process = ManagedProcess.Start(NftPath, arguments, new ProcessOptions { Name = "nft", StandardInput = input });
        var exitCode = await process.WaitForExitAsync(CommandTimeout);
        return (exitCode, exitCode == 0 ? process.StandardOutput : process.AllOutput);
    }
}
