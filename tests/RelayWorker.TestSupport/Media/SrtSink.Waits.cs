namespace RelayWorker.TestSupport;

internal sealed partial class SrtSink
{
    public Task WaitForBytesAsync(long minimum, TimeSpan timeout) =>
        Poll.UntilAsync(() => BytesReceived >= minimum, timeout, $"the SRT sink to receive {minimum} bytes (has {BytesReceived})");

    /// <summary>
    /// Waits until the capture grows by at least <paramref name="minimumGrowth"/> bytes from now: media is
    /// flowing, not just a last packet trickling in. The default is about 0.4 s of the test pattern.
    /// </summary>
    public Task WaitForGrowthAsync(TimeSpan timeout, long minimumGrowth = 20 * 1316)
    {
        var start = BytesReceived;
        return Poll.UntilAsync(() => BytesReceived >= start + minimumGrowth, timeout, $"the SRT sink to grow by {minimumGrowth} bytes from {start}");
    }

    /// <summary>Waits until nothing has arrived for <paramref name="quietFor"/>: media has stopped.</summary>
    public Task WaitForSilenceAsync(TimeSpan quietFor, TimeSpan timeout)
    {
        var last = BytesReceived;
        var lastChange = DateTime.UtcNow;
        return Poll.UntilAsync(
            () =>
            {
                var now = BytesReceived;
                if (now != last)
                {
                    last = now;
                    lastChange = DateTime.UtcNow;
                }
                return DateTime.UtcNow - lastChange >= quietFor;
            },
            timeout,
            $"the SRT sink to receive nothing for {quietFor.TotalSeconds:0.#} s");
    }

    public Task WaitForConnectionsAsync(int count, TimeSpan timeout) =>
        Poll.UntilAsync(() => Connections >= count, timeout, $"{count} SRT connection(s) to the sink (has {Connections})");

    public Task WaitForDisconnectionsAsync(int count, TimeSpan timeout) =>
        Poll.UntilAsync(() => Disconnections >= count, timeout, $"{count} SRT caller(s) to leave the sink (has {Disconnections})");

    /// <summary>Probes a snapshot of what was captured so far (the live file keeps changing under ffprobe otherwise).</summary>
    public async Task<ProbeResult> ProbeAsync(TimeSpan? timeout = null, bool countPackets = false)
    {
        var snapshot = _directory.File($"snapshot-{Guid.NewGuid():N}.ts");
        await using (var source = new FileStream(CaptureFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        await using (var target = File.Create(snapshot))
        {
            await source.CopyToAsync(target);
        }
        try
        {
            return await Ffprobe.ProbeAsync(snapshot, timeout ?? TimeSpan.FromSeconds(20), countPackets);
        }
        finally
        {
            File.Delete(snapshot);
        }
    }
}
