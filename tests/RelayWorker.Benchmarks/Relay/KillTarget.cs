using RelayWorker.Benchmarks.Infrastructure;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// Something that keeps one ffmpeg relaying into a sink and replaces it when it dies: the worker (with some restart
/// settings) or nginx-rtmp's exec_push. Each owns its own nginx, publisher and sink so the targets never interfere.
/// </summary>
internal sealed class KillTarget : IAsyncDisposable
{
    private readonly RelayRig _rig;
    private readonly WorkerProcess? _worker;

    private KillTarget(string name, RelayRig rig, WorkerProcess? worker)
    {
        Name = name;
        _rig = rig;
        _worker = worker;
        MediaResumedAt = MonotonicClock.Now;
    }

    public string Name { get; }

    public UdpSink Sink => _rig.Sinks[0];

    /// <summary>When media last (re)started at the sink; a kill waits for the configured settle time after it.</summary>
    public long MediaResumedAt { get; set; }

    public WorkerProcess? Worker => _worker;

    /// <summary>The worker with one copy route and these extra settings.</summary>
    public static async Task<KillTarget> WorkerAsync(string name, IReadOnlyDictionary<string, string> settings)
    {
        var rig = await RelayRig.StartAsync(1);
        var worker = BenchmarkWorker.Start(rig.Routes(1), settings);
        var target = new KillTarget(name, rig, worker);
        await worker.WaitUntilLiveAsync(TimeSpan.FromSeconds(60));
        await target.RequireMediaAsync(worker.StartedAt);
        return target;
    }

    /// <summary>
    /// nginx-rtmp with <c>exec_push</c> running <paramref name="template"/> (the worker's own ffmpeg arguments) with the
    /// source replaced by this nginx's <c>$name</c> stream and the destination by this target's sink.
    /// </summary>
    public static async Task<KillTarget> NginxExecPushAsync(string name, IReadOnlyList<string> template, string templateSource, string templateDestination, TimeSpan? respawnTimeout)
    {
        var before = MonotonicClock.Now;
        var rig = await RelayRig.StartAsync(
            1,
            (port, sinks) =>
            [
                "ffmpeg",
                .. FfmpegCommandLine.Replace(
                    FfmpegCommandLine.Replace(template, templateSource, $"rtmp://127.0.0.1:{port}/live/$name"),
                    templateDestination,
                    sinks[0].PlainUrl),
            ],
            respawnTimeout);
        var target = new KillTarget(name, rig, null);
        await target.RequireMediaAsync(before);
        return target;
    }

    /// <summary>The live ffmpeg(s) this target supervises right now.</summary>
    public IReadOnlyList<int> Children() => _worker?.FfmpegChildren() ?? _rig.Nginx.ExecChildren();

    /// <summary>The worker's child's argument vector, the template for the nginx targets.</summary>
    public (IReadOnlyList<string> Arguments, string Source, string Destination) CommandLine() =>
        _worker is null
            ? throw new InvalidOperationException("only a worker target has the worker's command line")
            : (FfmpegCommandLine.OfChildWritingTo(_worker, Sink.PlainUrl), _rig.SourceUrl, Sink.PlainUrl);

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
        await _rig.DisposeAsync();
    }

    private async Task RequireMediaAsync(long after)
    {
        if (await Sink.FirstDatagramAfterAsync(after, TimeSpan.FromSeconds(60)) is not { } first)
        {
            throw new InvalidOperationException($"{Name}: no media at the sink within 60 s:\n{_worker?.OutputTail() ?? _rig.Nginx.Process.OutputTail()}");
        }
        MediaResumedAt = first;
    }
}
