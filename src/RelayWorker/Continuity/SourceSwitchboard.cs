using RelayWorker.Configuration;

namespace RelayWorker.Continuity;

/// <summary>
/// The worker's part of a continuous route, between its processes: reads every input's MPEG-TS (the ingests in
/// priority order, then the slate), lets the <see cref="FailoverPolicy"/> pick one every 50 ms from what each
/// delivers, and has the <see cref="TsSplicer"/> write the chosen one to the output ffmpeg's stdin. Starting and
/// restarting the processes is the runner's job; this class only needs their pipes.
/// </summary>
internal sealed partial class SourceSwitchboard
{
    private static readonly TimeSpan EvaluateEvery = TimeSpan.FromMilliseconds(50);
    private readonly string _route;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TsSplicer _splicer;
    private readonly FailoverPolicy _policy;
    private readonly long _startedAt;
    private readonly int _inputCount;

    public SourceSwitchboard(string route, int sourceCount, bool hasSlate, FailoverOptions failover, Action<ReadOnlySpan<byte>> output, TimeProvider time, ILogger logger)
    {
        _route = route;
        _time = time;
        _logger = logger;
        _startedAt = time.GetTimestamp();
        _inputCount = sourceCount + (hasSlate ? 1 : 0);
        _splicer = new TsSplicer(output);
        _policy = new FailoverPolicy(sourceCount, hasSlate, failover.LossAfter, failover.FailbackAfter, TimeSpan.Zero);
    }

    /// <summary>Called after each switch, for the metrics and the route's status.</summary>
    public Action<SwitchEvent>? Switched { get; init; }

    /// <summary>"primary", "backup1", …, "slate", or null before the first cut.</summary>
    public string? ActiveSource => _splicer.ActiveSource == TsSplicer.NoSource ? null : _policy.Name(_splicer.ActiveSource);

    /// <summary>How long ago an input's media clock last moved forward; null if it never did (or not since its restart).</summary>
    public TimeSpan? SinceLastAdvance(int input) => LastAdvance(input) is { } at ? Elapsed() - at : null;

    /// <summary>The video codec an input's program declares (Unknown until its PMT was seen).</summary>
    public VideoCodec VideoCodecOf(int input) => _splicer.Activity(input).Codec;

    /// <summary>An input's process was replaced: its next stream starts a new clock and a new program.</summary>
    public void InputRestarted(int input) => _splicer.Restart(input);

    /// <summary>A new output stage starts: it must be sent a whole program from a keyframe.</summary>
    public void OutputRestarted() => _splicer.Recut();

    /// <summary>Whether each input delivers advancing media now, in input order, with its name.</summary>
    public IReadOnlyList<(string Name, bool Delivers)> InputStates(TimeSpan lossAfter)
    {
        var now = Elapsed();
        return [.. Enumerable.Range(0, _inputCount).Select(i => (_policy.Name(i), LastAdvance(i) is { } at && now - at <= lossAfter))];
    }

    /// <summary>Pumps one input's stdout into the splicer until it ends (the process exited) or is cancelled.</summary>
    public async Task ReadInputAsync(int input, Stream stdout, CancellationToken cancellationToken)
    {
        var aligner = new TsPacketAligner();
        var buffer = new byte[TsPacket.Size * 64];
        int read;
        while ((read = await stdout.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var now = Now90k();
            try
            {
                aligner.Push(buffer.AsSpan(0, read), packet => _splicer.Feed(input, packet, now));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bug in splicing must not stop the reading: an unread pipe would block the ingest, and a fault here
                // would end its process's supervision. The input starts over as after a restart.
                LogUnexpected(e, _route, _policy.Name(input));
                _splicer.Restart(input);
            }
        }
    }

    /// <summary>Judges the inputs every 50 ms and switches until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(EvaluateEvery, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    Evaluate();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Judged again at the next tick: a bug must not end the route's switching.
                    LogUnexpected(e, _route, "switchboard");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The route stops.
        }
    }

    private void Evaluate()
    {
        var sources = _policy.SlateInput;
        var lastAdvance = new TimeSpan?[sources];
        for (var s = 0; s < sources; s++)
        {
            lastAdvance[s] = LastAdvance(s);
        }
        if (_policy.Evaluate(Elapsed(), lastAdvance) is not { } decision)
        {
            return;
        }
        var to = _policy.Name(decision.Input);
        var reason = Label(decision.Reason);
        LogSwitch(_route, to, reason);
        _splicer.SwitchTo(decision.Input, decision.Seamless);
        Switched?.Invoke(new SwitchEvent(decision.Input, to, decision.Reason));
    }

    /// <summary>The <c>reason</c> label of <c>relay_route_switches_total</c> and of the switch log line.</summary>
    public static string Label(SwitchReason reason) => reason switch
    {
        SwitchReason.Start => "start",
        SwitchReason.Loss => "loss",
        SwitchReason.Failback => "failback",
        _ => "recovered",
    };

    private TimeSpan? LastAdvance(int input)
    {
        var ticks = _splicer.Activity(input).LastAdvanceAt;
        return ticks < 0 ? null : TimeSpan.FromSeconds(ticks / (double)TsTime.TicksPerSecond);
    }

    private TimeSpan Elapsed() => _time.GetElapsedTime(_startedAt);

    private long Now90k() => (long)(Elapsed().TotalSeconds * TsTime.TicksPerSecond);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Error, Message = "Route {Route} {Input}: unexpected error while splicing; carrying on")]
    private partial void LogUnexpected(Exception exception, string route, string input);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Route {Route} switched to {To} ({Reason})")]
    private partial void LogSwitch(string route, string to, string reason);
}

/// <summary>One switch: the input now sent (its index and name) and why.</summary>
internal readonly record struct SwitchEvent(int Input, string To, SwitchReason Reason);
