using System.Collections.Immutable;
using System.Text.RegularExpressions;
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
    private readonly Action<ImmutableArray<DestinationView>> _onChanged;
    private readonly Lock _gate = new();
    private bool _changed;

    [GeneratedRegex(@"^\[(fifo|tee) @ (0x[0-9a-f]+)\]")]
    private static partial Regex MuxerContext();

    [GeneratedRegex(@"Slave muxer #(\d+) failed")]
    private static partial Regex TeeSlaveFailed();

    /// <param name="targets">The URL or path of each destination exactly as ffmpeg was given it.</param>
    /// <param name="singleTee">With renditions there is one tee per rendition and a tee's slave number
    /// no longer names a destination, so those messages are ignored.</param>
    /// <param name="onChanged">Receives every new state of all destinations, by value.</param>
    public DestinationTracker(IReadOnlyList<string> targets, bool singleTee = true, Action<ImmutableArray<DestinationView>>? onChanged = null)
    {
        _targets = targets;
        _singleTee = singleTee;
        _onChanged = onChanged ?? (_ => { });
        _states = new DestinationState[targets.Count];
        _errors = new string?[targets.Count];
    }

    /// <summary>A copy of every destination's state and last error.</summary>
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
            _changed = false;
            ObserveLocked(line, isError, redacted);
            if (_changed)
            {
                _onChanged(CurrentViews());
            }
        }
    }

    private ImmutableArray<DestinationView> CurrentViews() =>
        [.. _states.Select((state, i) => new DestinationView(state, _errors[i]))];

    private void ObserveLocked(string line, bool isError, string redacted)
    {
        var context = MuxerContext().Match(line);
        var quoted = QuotedDestination(line);
        if (_singleTee && context.Success && context.Groups[1].Value == "tee" && TeeSlaveFailed().Match(line) is { Success: true } slave
            && int.TryParse(slave.Groups[1].Value, out var failed) && failed < _states.Length)
        {
            MarkDown(failed, redacted);
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
                MarkDown(index, redacted);
            }
            return;
        }
        if (context.Success && _fifoOwners.TryGetValue(context.Groups[2].Value, out var owner))
        {
            if (line.Contains("Recovery successful", StringComparison.Ordinal))
            {
                _changed |= _states[owner] != DestinationState.Up;
                _states[owner] = DestinationState.Up;
            }
            else if (isError || line.Contains("Recovery failed", StringComparison.Ordinal))
            {
                MarkDown(owner, redacted);
            }
        }
    }

    private void MarkDown(int index, string error)
    {
        _changed |= _states[index] != DestinationState.Down || _errors[index] != error;
        _states[index] = DestinationState.Down;
        _errors[index] = error;
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
