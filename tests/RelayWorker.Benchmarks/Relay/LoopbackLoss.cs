using System.Globalization;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// Random loss of one in N UDP datagrams to 127.0.0.1:&lt;port&gt; on arrival (nftables, a table of its own, deleted by
/// name on dispose): the SRT leg of the latency benchmark under loss. Needs nft and CAP_NET_ADMIN; without them the
/// start fails, since a "lossy" run without loss would prove nothing.
/// </summary>
internal sealed class LoopbackLoss : IAsyncDisposable
{
    private readonly string _table;

    private LoopbackLoss(string table) => _table = table;

    public static async Task<LoopbackLoss> StartAsync(int udpPort, int oneIn)
    {
        var loss = new LoopbackLoss($"relayworker_bench_{Guid.NewGuid():N}"[..34]);
        using var directory = TempDirectory.Create("nft");
        var script = directory.File("loss.nft");
        await File.WriteAllTextAsync(script, string.Create(CultureInfo.InvariantCulture, $$"""
            table inet {{loss._table}} {
                chain loss {
                    type filter hook input priority 0; policy accept;
                    ip daddr 127.0.0.1 udp dport {{udpPort}} counter
                    ip daddr 127.0.0.1 udp dport {{udpPort}} numgen random mod {{oneIn}} == 0 counter drop
                }
            }
            """));
        if (await RunNftAsync(["-f", script]) is { } failure)
        {
            throw new InvalidOperationException($"nft could not add the loss table (root or CAP_NET_ADMIN needed):\n{failure}");
        }
        return loss;
    }

    /// <summary>"seen N, dropped M" datagrams, from the two rules' counters: proof that the loss was applied.</summary>
    public async Task<string> CountersAsync()
    {
        var lines = new List<string>();
        await using (var nft = ManagedProcess.Start("nft", ["list", "table", "inet", _table], new ProcessOptions
        {
            Name = "nft",
            OnStandardOutputLine = (line, _) =>
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            },
        }))
        {
            await nft.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        }
        lock (lines)
        {
            var packets = lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(words => Array.IndexOf(words, "packets") is var i and >= 0 && i + 1 < words.Length ? words[i + 1] : null)
                .OfType<string>()
                .ToList();
            return packets.Count == 2 ? $"seen {packets[0]}, dropped {packets[1]}" : "counters unreadable";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (await RunNftAsync(["delete", "table", "inet", _table]) is { } failure)
        {
            Console.Error.WriteLine($"warning: nft could not delete table {_table}:\n{failure}");
        }
    }

    /// <summary>Runs nft; null when it succeeded, else its output.</summary>
    private static async Task<string?> RunNftAsync(IReadOnlyList<string> arguments)
    {
        await using var nft = ManagedProcess.Start("nft", arguments, new ProcessOptions { Name = "nft" });
        var exit = await nft.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        return exit == 0 ? null : nft.OutputTail();
    }
}
