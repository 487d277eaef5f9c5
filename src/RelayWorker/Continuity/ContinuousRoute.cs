using System.Collections.Immutable;
using RelayWorker.Configuration;
using RelayWorker.FFmpeg;
using RelayWorker.Media;
using RelayWorker.Redaction;
using RelayWorker.Status;
using RelayWorker.Supervision;

namespace RelayWorker.Continuity;

/// <summary>
/// The worker's side of one continuous route, for as long as the route runs: an ingest ffmpeg per source and a
/// slate ffmpeg, each supervised on its own (<see cref="ContinuousInput"/>), the switchboard that splices the
/// chosen one, and the feed into the output stage's stdin. The output stage itself is the route's ordinary run
/// (<see cref="RouteRunner"/> with <see cref="Output"/>), restarted by the route's supervisor like any run; this
/// object outlives its restarts, so the splicer's clock continues across them.
/// </summary>
internal sealed partial class ContinuousRoute : IAsyncDisposable
{
    /// <summary>What a slate encodes before any source has told its parameters: the commonest contribution format.</summary>
    private static readonly SourceStreamInfo DefaultSlateFormat = new("h264", "High", "yuv420p", 1280, 720, "25", "aac", 48000, "stereo");

    /// <summary>
    /// The output reads the splicer's MPEG-TS. Its probe can be short: every cut starts with the program tables
    /// and a keyframe, so both streams are known within the first packets (BENCHMARKS.md, "Continuity spike").
    /// </summary>
    private static readonly IReadOnlyList<string> PipeArguments =
        ["-f", "mpegts", "-probesize", "32768", "-analyzeduration", "200000", .. SourceArguments.ForgetCodecTags, "-i", FfmpegArguments.PipeSource];

    private readonly RouteDefinition _route;
    private readonly RouteStatus _status;
    private readonly RouteRunSettings _settings;
    private readonly ILogger _logger;
    private readonly OutputFeed _feed = new();
    private readonly SourceSwitchboard _board;
    private readonly ContinuousInput[] _inputs;
    private readonly ContinuousInput? _slate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _formatGate = new();
    private SourceStreamInfo? _format;
    private SourceStreamInfo? _slateFormat;
    private int _formatFrom = int.MaxValue;
    private Task _running = Task.CompletedTask;
    private VideoCodec _outputCodec = VideoCodec.Unknown;
    private TaskCompletionSource _outputRestart = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ContinuousRoute(
        RouteDefinition route, RouteStatus status, RouteRunSettings settings, IChildProcessLauncher launcher, TimeProvider time, ILoggerFactory loggers)
    {
        _route = route;
        _status = status;
        _settings = settings;
        _logger = loggers.CreateLogger<ContinuousRoute>();
        var sources = Sources(route);
        var failover = new FailoverOptions { LossAfter = settings.Failover.LossAfter, FailbackAfter = settings.Failover.FailbackAfter };
        _board = new SourceSwitchboard(route.Name, sources.Length, route.HasSlate, failover, _feed.Write, time, loggers.CreateLogger<SourceSwitchboard>())
        {
            Switched = e =>
            {
                status.SourceSwitched(e.To, SourceSwitchboard.Label(e.Reason));
                CheckOutputCodec(e.Input);
                RefreshSlateOffAir(e.To);
            },
        };
        _feed.OutputAttached += OnOutputAttached;
        var inputLogger = loggers.CreateLogger<ContinuousInput>();
        var inputs = new List<ContinuousInput>();
        for (var i = 0; i < sources.Length; i++)
        {
            var index = i;
            var source = sources[i];
            var listen = i == 0 && route.Listen;
            inputs.Add(new ContinuousInput(
                new ContinuousInput.Identity(route.Name, i, ContinuitySources.NameOf(i), SecretRedactor.RedactUrl(source), settings),
                () => new ChildProcessSpec(settings.FfmpegPath, IngestArguments.Build(source, listen)),
                _board, launcher, time, inputLogger)
            {
                Changed = PublishSources,
                InputDescribed = lines => Learn(index, lines),
            });
        }
        if (route.HasSlate)
        {
            _slate = new ContinuousInput(
                new ContinuousInput.Identity(route.Name, sources.Length, SourceView.SlateName, SlateDisplay(route.Slate), settings),
                () => new ChildProcessSpec(settings.FfmpegPath, SlateArguments.Build(route.Name, route.Slate, TakeSlateFormat(), "pipe:1")),
                _board, launcher, time, inputLogger)
            {
                Changed = PublishSources,
            };
            inputs.Add(_slate);
        }
        _inputs = [.. inputs];
        Output = new PipeInput(PipeArguments, _feed.PumpAsync, () => Feeding, () => _outputRestart.Task);
    }

    /// <summary>The output stage's input: the route's run reads it instead of the source.</summary>
    public PipeInput Output { get; }

    /// <summary>The route as its output stage runs it: encoded MPEG-TS from the pipe (a test pattern was encoded by
    /// its ingest), never listening (a listening source is its ingest's business).</summary>
    public RouteDefinition OutputRoute => _route with { Source = FfmpegArguments.PipeSource, Listen = false };

    /// <summary>Starts every input and the switchboard; the output stage is started by the route's supervisor.</summary>
    public void Start()
    {
        _status.ContinuityConfigured(Views());
        var token = _stop.Token;
        _running = Task.WhenAll(_inputs.Select(i => Task.Run(() => i.RunAsync(token), CancellationToken.None))
            .Append(Task.Run(() => _board.RunAsync(token), CancellationToken.None)));
        LogStarted(_route.Name, _route.Backups.Length + 1, _slate is not null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    /// <summary>Something is sent: a source or the slate delivers. Without, the output is not to blame for its silence.</summary>
    private bool Feeding => _board.ActiveSource is not null
        && Enumerable.Range(0, _inputs.Length).Any(i => _board.SinceLastAdvance(i) is { } since && since <= _settings.Failover.LossAfter);

    /// <summary>The format for a slate about to start, remembered so a slate made from an older one can be renewed.</summary>
    private SourceStreamInfo TakeSlateFormat()
    {
        lock (_formatGate)
        {
            _slateFormat = _format ?? DefaultSlateFormat;
            return _slateFormat;
        }
    }

    /// <summary>A slate that was on air when a source told a new format is renewed as soon as it goes off air.</summary>
    private void RefreshSlateOffAir(string onAir)
    {
        bool stale;
        lock (_formatGate)
        {
            stale = _format is not null && _format != _slateFormat;
        }
        if (stale && onAir != SourceView.SlateName)
        {
            _slate?.RequestRestart();
        }
    }

    /// <summary>
    /// The slate must decode as part of the stream the destinations already receive, so it takes the parameters of
    /// the highest-priority source that described itself; a slate running with other parameters is restarted, as
    /// long as it is not on air.
    /// </summary>
    private void Learn(int input, IReadOnlyList<string> lines)
    {
        if (SourceStreamInfo.FromFfmpegLog(lines) is not { } format)
        {
            return;
        }
        lock (_formatGate)
        {
            if (input > _formatFrom || format == _format)
            {
                return;
            }
            _format = format;
            _formatFrom = input;
        }
        var name = ContinuitySources.NameOf(input);
        LogFormatLearnt(_route.Name, name, format.Width, format.Height, format.FrameRate, format.VideoCodec);
        if (_slate is not null && _board.ActiveSource != SourceView.SlateName)
        {
            _slate.RequestRestart();
        }
    }

    /// <summary>A new output stage: it takes whatever codec the input on air has now.</summary>
    private void OnOutputAttached()
    {
        lock (_formatGate)
        {
            _outputCodec = VideoCodec.Unknown;
            _outputRestart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        _board.OutputRestarted();
    }

    /// <summary>
    /// A copy output keeps the codec it probed first. An input of another codec (the slate made before any source
    /// described itself, then an H.265 source) cannot go through it: the output stage is restarted, once.
    /// </summary>
    private void CheckOutputCodec(int input)
    {
        var codec = _board.VideoCodecOf(input);
        if (codec == VideoCodec.Unknown)
        {
            return;
        }
        lock (_formatGate)
        {
            if (_outputCodec == VideoCodec.Unknown)
            {
                _outputCodec = codec;
            }
            else if (_outputCodec != codec)
            {
                _outputRestart.TrySetResult();
            }
        }
    }

    private void PublishSources() => _status.SourcesChanged(Views());

    private ImmutableArray<SourceView> Views() => [.. _inputs.Select(i => i.View)];

    private static ImmutableArray<string> Sources(RouteDefinition route) => [route.Source, .. route.Backups];

    private static string SlateDisplay(string slate) => SlateRules.IsBuiltin(slate) ? SlateRules.Builtin : slate;

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Route {Route} is continuous: {Sources} source(s), slate {HasSlate}; its destinations keep one connection through source loss")]
    private partial void LogStarted(string route, int sources, bool hasSlate);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Route {Route}: the slate now matches {Input}: {Width}x{Height} at {FrameRate} fps, {Codec}")]
    private partial void LogFormatLearnt(string route, string input, int width, int height, string frameRate, string codec);
}
