using System.Text.Json;

namespace RelayWorker.Benchmarks.Soak;

/// <summary>
/// Polls /api/routes every few seconds and adds up, per route, the time during which one ffmpeg's output clock
/// (progress out_time) advanced by less than half the wall time: media that reaches the sink with frozen
/// timestamps, which a player cannot play, although the bytes keep coming and no sink gap shows it.
/// </summary>
internal sealed class MediaClockWatch
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, (int Pid, double OutTime, long At)> _last = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _frozenSeconds = new(StringComparer.Ordinal);

    public double FrozenSeconds(string route)
    {
        lock (_frozenSeconds)
        {
            return _frozenSeconds.GetValueOrDefault(route);
        }
    }

    public async Task RunAsync(WorkerProcess worker, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollEvery, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            IReadOnlyList<JsonElement> routes;
            try
            {
                routes = await worker.RoutesAsync();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                continue;
            }
            var now = MonotonicClock.Now;
            foreach (var route in routes)
            {
                Observe(route, now);
            }
        }
    }

    private void Observe(JsonElement route, long now)
    {
        var name = route.GetProperty("name").GetString() ?? "?";
        if (route.GetProperty("pid").ValueKind != JsonValueKind.Number
            || route.GetProperty("progress") is not { ValueKind: JsonValueKind.Object } progress
            || progress.GetProperty("outTimeSeconds") is not { ValueKind: JsonValueKind.Number } outTime)
        {
            _last.Remove(name);
            return;
        }
        var pid = route.GetProperty("pid").GetInt32();
        var current = (pid, outTime.GetDouble(), now);
        if (_last.TryGetValue(name, out var previous) && previous.Pid == pid)
        {
            var wall = MonotonicClock.Seconds(previous.At, now);
            if (current.Item2 - previous.OutTime < 0.5 * wall)
            {
                lock (_frozenSeconds)
                {
                    _frozenSeconds[name] = _frozenSeconds.GetValueOrDefault(name) + wall;
                }
            }
        }
        _last[name] = current;
    }
}
