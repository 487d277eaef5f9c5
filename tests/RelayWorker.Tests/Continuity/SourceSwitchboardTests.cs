using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using RelayWorker.Configuration;
using RelayWorker.Continuity;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Continuity;

/// <summary>
/// The switchboard between real ingest ffmpegs and an output. The ingests encode a small test pattern live (a
/// looped clip copied with -stream_loop has timestamp faults of its own at every loop that a decoder reports).
/// </summary>
public sealed class SourceSwitchboardTests : IAsyncDisposable
{
    private readonly List<Process> _ingests = [];
    private readonly List<Task> _readers = [];
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));

    [Fact]
    public async Task PrimaryKilledAndRestarted_FailsOverThenBackWithOneCleanOutput()
    {
        const string primaryClip = "testsrc2";
        const string backupClip = "smptebars";
        var output = new MemoryStream();
        var switches = new List<string>();
        var failover = new FailoverOptions { LossAfter = TimeSpan.FromMilliseconds(500), FailbackAfter = TimeSpan.FromSeconds(1) };
        var board = new SourceSwitchboard("cam1", 2, hasSlate: false, failover, packet => { lock (output) { output.Write(packet); } }, TimeProvider.System, NullLogger.Instance)
        {
            Switched = e => { lock (switches) { switches.Add($"{e.To}:{SourceSwitchboard.Label(e.Reason)}"); } },
        };
        var run = board.RunAsync(_stop.Token);

        // The backup joins once the primary is on air: which ffmpeg answers first is not what this test is about.
        var primary = StartIngest(board, 0, primaryClip);
        await Eventually.True(() => board.ActiveSource == "primary", "the primary to be sent", TimeSpan.FromSeconds(20));
        StartIngest(board, 1, backupClip);
        await Eventually.True(() => board.InputStates(failover.LossAfter)[1].Delivers, "backup1 to deliver", TimeSpan.FromSeconds(20));
        await Eventually.True(() => output.Length > 100_000, "media from the primary");
        primary.Kill();
        await Eventually.True(() => board.ActiveSource == "backup1", "the failover to backup1", TimeSpan.FromSeconds(20));
        var atFailover = output.Length;
        await Eventually.True(() => output.Length > atFailover + 50_000, "media from backup1");
        StartIngest(board, 0, primaryClip);
        await Eventually.True(() => board.ActiveSource == "primary", "the failback to the primary", TimeSpan.FromSeconds(20));
        var atFailback = output.Length;
        await Eventually.True(() => output.Length > atFailback + 50_000, "media from the returned primary");
        await _stop.CancelAsync();
        await run;
        await StopIngestsAsync();

        Assert.Equal(["primary:start", "backup1:loss", "primary:failback"], switches);
        var path = TsFixtures.WriteTemp("switchboard.ts", TsFixtures.Packets(output.ToArray()));
        var decode = await SplicedOutput.DecodeEachStreamAsync(path);
        Assert.True(decode.Trim().Length == 0, decode + " in " + path);
        var dts = await TsFixtures.RunAsync("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=dts", "-of", "csv=p=0", path);
        var video = dts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => long.Parse(l.TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(SplicedOutput.StrictlyIncreasing(video), "video DTS must only increase");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await StopIngestsAsync();
        _stop.Dispose();
    }

    /// <summary>Ends the ingests this test started (by their process) and waits for their readers to finish.</summary>
    private async Task StopIngestsAsync()
    {
        foreach (var ingest in _ingests)
        {
            if (!ingest.HasExited)
            {
                ingest.Kill();
            }
            await ingest.WaitForExitAsync();
            ingest.Dispose();
        }
        _ingests.Clear();
        await Task.WhenAll(_readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private Process StartIngest(SourceSwitchboard board, int input, string pattern)
    {
        var startInfo = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in (string[])["-hide_banner", "-nostdin", "-loglevel", "error",
                     "-re", "-f", "lavfi", "-i", $"{pattern}=size=160x96:rate=25", "-re", "-f", "lavfi", "-i", "sine=sample_rate=48000",
                     "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-bf", "2", "-pix_fmt", "yuv420p",
                     "-c:a", "aac", "-ac", "2", .. ContinuityMuxer.Arguments, "pipe:1"])
        {
            startInfo.ArgumentList.Add(argument);
        }
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("ffmpeg did not start");
        _ingests.Add(process);
        _ = process.StandardError.ReadToEndAsync();
        _readers.Add(board.ReadInputAsync(input, process.StandardOutput.BaseStream, _stop.Token));
        return process;
    }
}
