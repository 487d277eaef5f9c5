namespace RelayWorker.Continuity;

/// <summary>
/// Which input a continuous route should send, from what each source delivered and when: the highest-priority
/// source that delivers when the current one is lost (at once), the slate when none does, and back to a
/// higher-priority source only once it has delivered for FailbackAfter (hysteresis: a flapping primary never
/// switches the route at its own pace). Pure: the runner feeds it the splicer's activity and a clock.
/// </summary>
internal sealed class FailoverPolicy
{
    private readonly int _sourceCount;
    private readonly bool _hasSlate;
    private readonly TimeSpan _lossAfter;
    private readonly TimeSpan _failbackAfter;
    private readonly TimeSpan?[] _deliveringSince;
    private readonly TimeSpan _startedAt;

    // sourceCount: the primary and its backups, in priority order; now: when the route started.
    public FailoverPolicy(int sourceCount, bool hasSlate, TimeSpan lossAfter, TimeSpan failbackAfter, TimeSpan now)
    {
        _sourceCount = sourceCount;
        _hasSlate = hasSlate;
        _lossAfter = lossAfter;
        _failbackAfter = failbackAfter;
        _deliveringSince = new TimeSpan?[sourceCount];
        _startedAt = now;
    }

    /// <summary>The input being sent: a source index, <see cref="SlateInput"/>, or -1 before the first choice.</summary>
    public int Current { get; private set; } = -1;

    /// <summary>The slate's input index: one past the last source.</summary>
    public int SlateInput => _sourceCount;

    /// <summary>
    /// Judges the sources at <paramref name="now"/>; <paramref name="lastAdvanceAt"/> gives, per source, when its
    /// media clock last moved forward (null: never). Returns the switch to make, or null to stay.
    /// </summary>
    public FailoverDecision? Evaluate(TimeSpan now, IReadOnlyList<TimeSpan?> lastAdvanceAt)
    {
        for (var s = 0; s < _sourceCount; s++)
        {
            var delivers = lastAdvanceAt[s] is { } at && now - at <= _lossAfter;
            _deliveringSince[s] = delivers ? _deliveringSince[s] ?? lastAdvanceAt[s] : null;
        }
        var target = Choose(now);
        if (target is null || target == Current)
        {
            return null;
        }
        var reason = Current < 0 ? SwitchReason.Start
            : Current < _sourceCount && _deliveringSince[Current] is not null ? SwitchReason.Failback
            : Current == SlateInput ? SwitchReason.Recovered
            : SwitchReason.Loss;
        var decision = new FailoverDecision(target.Value, reason, Seamless: reason is SwitchReason.Failback or SwitchReason.Recovered);
        Current = target.Value;
        return decision;
    }

    /// <summary>"primary", "backup1", "backup2", …, "slate": the <c>source</c> label of the metrics and the API.</summary>
    public string Name(int input) => input == SlateInput && _hasSlate ? "slate" : input == 0 ? "primary" : $"backup{input}";

    private int? Choose(TimeSpan now)
    {
        var onSlate = Current == SlateInput;
        var currentDelivers = Current >= 0 && !onSlate && _deliveringSince[Current] is not null;
        if (Current < 0 || (!onSlate && !currentDelivers))
        {
            // Starting, or the current source is lost: the first source that delivers, in priority order, at once.
            // At start only the primary, for FailbackAfter: a backup that answers first would otherwise be sent
            // and left again for the primary a moment later; nothing is on air yet, so waiting costs nothing.
            var starting = Current < 0 && now - _startedAt <= _failbackAfter;
            for (var s = 0; s < (starting ? Math.Min(1, _sourceCount) : _sourceCount); s++)
            {
                if (_deliveringSince[s] is not null)
                {
                    return s;
                }
            }
            if (starting)
            {
                return null;
            }
            // Nothing delivers: the slate.
            return _hasSlate ? SlateInput : null;
        }
        // Above the current input (or away from the slate) only after FailbackAfter of delivering.
        for (var s = 0; s < Current; s++)
        {
            if (_deliveringSince[s] is { } since && now - since >= _failbackAfter)
            {
                return s;
            }
        }
        return Current;
    }
}

internal readonly record struct FailoverDecision(int Input, SwitchReason Reason, bool Seamless);

/// <summary>The <c>reason</c> label of <c>relay_route_switches_total</c>.</summary>
internal enum SwitchReason
{
    /// <summary>The first input of the route.</summary>
    Start,

    /// <summary>The input delivered no advancing media for LossAfter.</summary>
    Loss,

    /// <summary>A higher-priority source delivered for FailbackAfter while a lower one was sent.</summary>
    Failback,

    /// <summary>A source delivered for FailbackAfter while the slate was sent.</summary>
    Recovered,
}
