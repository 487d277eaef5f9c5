using System.Collections.Immutable;
using System.Text.RegularExpressions;
using RelayWorker.Redaction;
using RelayWorker.Status;

namespace RelayWorker.Supervision;

/// <summary>
/// Follows each destination of one ffmpeg run from its log. ffmpeg has no per-output status channel, so
/// the tee and fifo muxers' messages are read: an error that quotes a destination's URL marks it down and
/// ties the fifo instance that printed it to that destination, and that fifo's later "Recovery successful"
/// brings it back up. Fed from two threads (stderr lines, and media starting to flow from the progress reader), so
/// every change is made under one lock and published by value to <c>onChanged</c>, in the order it was made.
/// </summary>
internal sealed partial class DestinationTracker
{
    private readonly IReadOnlyList<string> _targets;
    private readonly DestinationState[] _states;
    private readonly string?[] _errors;
    private readonly Dictionary<string, int> _fifoOwners = new(StringComparer.Ordinal);
    private readonly bool _singleTee;
    private readonly DestinationFailures _failures;
    private (string Line, string Redacted)? _pendingDetail;
    private readonly Action<ImmutableArray<DestinationView>> _onChanged;
    private readonly Lock _gate = new();
    private readonly string[] _shownTargets;

    [GeneratedRegex(@"^\[(fifo|tee) @ (0x[0-9a-f]+)\]")]
    private static partial Regex MuxerContext();

    [GeneratedRegex(@"Slave muxer #(\d+) failed")]
    private static partial Regex TeeSlaveFailed();

    // Output-side protocols and muxers: their errors do not quote the destination but explain the fifo's
    // next "Error opening …" (a server's refusal, a muxer that cannot carry the codec).
    [GeneratedRegex(@"^\[(rtmp|rtmps|srt|libsrt|tcp|tls|udp|flv|rtsp|hls|http|https|file) @ 0x[0-9a-f]+\]")]
    private static partial Regex OutputContext();

    /// <param name="targets">The URL or path of each destination exactly as ffmpeg was given it.</param>
    /// <param name="singleTee">With renditions there is one tee per rendition and a tee's slave number
    /// no longer names a destination, so those messages are ignored.</param>
    /// <param name="timeProvider">Paces the once-a-minute report of a destination that keeps failing.</param>
    /// <param name="onChanged">Receives every new state of all destinations, by value.</param>
    public DestinationTracker(IReadOnlyList<string> targets, bool singleTee = true, TimeProvider? timeProvider = null,
        Action<ImmutableArray<DestinationView>>? onChanged = null)
    {
        _onChanged = onChanged ?? (_ => { });
        _targets = targets;
        _shownTargets = [.. targets.Select(t => SecretRedactor.RedactUrl(t, isDestination: true))];
        _singleTee = singleTee;
        _states = new DestinationState[targets.Count];
        _errors = new string?[targets.Count];
        _failures = new DestinationFailures(targets.Count, timeProvider ?? TimeProvider.System);
    }

    /// <summary>
    /// A copy of every destination's state, last error, failure cause and failed attempts in a row. Down becomes
    /// Failing once the destination's attempts keep failing the same way.
    /// </summary>
    public ImmutableArray<DestinationView> Views
    {
        get
        {
            lock (_gate)
            {
                return CurrentViews();
            }
        }
    }

    /// <summary>The route's media started moving: every destination not known to be down is up.</summary>
    public void MediaFlowing()
    {
        lock (_gate)
        {
            var changed = false;
            for (var i = 0; i < _states.Length; i++)
            {
                if (_states[i] == DestinationState.Connecting)
                {
                    _states[i] = DestinationState.Up;
                    changed = true;
                }
            }
            if (changed)
            {
                _onChanged(CurrentViews());
            }
        }
    }

    /// <summary>Reads one stderr line (level tag already removed); <paramref name="redacted"/> is what may be shown.</summary>
    public void Observe(string line, bool isError, string redacted)
    {
        lock (_gate)
        {
            var before = CurrentViews();
            ObserveLocked(line, isError, redacted);
            var after = CurrentViews();
            if (!before.SequenceEqual(after))
            {
                _onChanged(after);
            }
        }
    }

    /// <summary>See <see cref="DestinationFailures.TakeReport"/>; under the tracker's lock.</summary>
    public bool TakeFailureReport(int index, out int since)
    {
        lock (_gate)
        {
            return _failures.TakeReport(index, out since);
        }
    }

    private ImmutableArray<DestinationView> CurrentViews() =>
    [
        .. _states.Select((state, i) => new DestinationView(
            state == DestinationState.Down && _failures.IsRepeating(i) ? DestinationState.Failing : state,
            _errors[i] is { } error ? DestinationErrorText.Describe(i, _shownTargets[i], error) : null,
            _failures.Causes[i],
            _failures.Consecutive[i])),
    ];

    private void ObserveLocked(string line, bool isError, string redacted)
    {
        var context = MuxerContext().Match(line);
        var quoted = QuotedDestination(line);
        if (_singleTee && context.Success && context.Groups[1].Value == "tee" && TeeSlaveFailed().Match(line) is { Success: true } slave
            && int.TryParse(slave.Groups[1].Value, out var failed) && failed < _states.Length)
        {
            MarkDown(failed, line, redacted);
            return;
        }
        if (quoted is null && isError && _pendingDetail is null && OutputContext().IsMatch(line))
        {
            _pendingDetail = (line, redacted);
            return;
        }
        if (quoted is { } index)
        {
            if (context.Success && context.Groups[1].Value == "fifo")
            {
                _fifoOwners[context.Groups[2].Value] = index;
            }
            if (isError)
            {
                MarkDown(index, line, redacted);
            }
            return;
        }
        if (context.Success && _fifoOwners.TryGetValue(context.Groups[2].Value, out var owner))
        {
            if (line.Contains("Recovery successful", StringComparison.Ordinal))
            {
                _states[owner] = DestinationState.Up;
                _failures.Recovered(owner);
                _pendingDetail = null;
            }
            else if (line.Contains("Recovery failed", StringComparison.Ordinal))
            {
                // One more attempt failed; the "Error opening" line before it already told why.
                _states[owner] = DestinationState.Down;
                _errors[owner] ??= redacted;
                _failures.AttemptFailed(owner, _failures.Causes[owner] ?? DestinationFailureCause.Classify(line));
                _pendingDetail = null;
            }
            else if (isError)
            {
                MarkDown(owner, line, redacted);
            }
        }
    }

    private void MarkDown(int index, string line, string error)
    {
        var detail = _pendingDetail;
        _pendingDetail = null;
        var cause = DestinationFailureCause.Classify(detail?.Line ?? line);
        if (_states[index] == DestinationState.Down && detail is null && cause == DestinationFailureCause.Failed)
        {
            // A follow-up such as the tee's "Slave muxer #0 failed" says less than the line before it.
            return;
        }
        if (_states[index] == DestinationState.Down)
        {
            _failures.Refine(index, cause);
        }
        else
        {
            _failures.AttemptFailed(index, cause);
        }
        _states[index] = DestinationState.Down;
        _errors[index] = detail is { } d ? $"{d.Redacted} ({error})" : error;
    }

    /// <summary>The destination whose target the line quotes; the longest match wins when one prefixes another.</summary>
    private int? QuotedDestination(string line)
    {
        int? best = null;
        for (var i = 0; i < _targets.Count; i++)
        {
            if (line.Contains(_targets[i], StringComparison.Ordinal) && (best is null || _targets[i].Length > _targets[best.Value].Length))
            {
                best = i;
            }
        }
        return best;
    }
}
