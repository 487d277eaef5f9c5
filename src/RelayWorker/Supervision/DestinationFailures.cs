namespace RelayWorker.Supervision;

/// <summary>
/// The failure history of each destination within one ffmpeg run: the cause of its latest failed attempt
/// and how many attempts in a row have failed. A destination whose attempts keep failing the same way
/// (the fifo retries every second) is shown as <see cref="Status.DestinationState.Failing"/> with that
/// cause, and reported in the log once a minute instead of not at all. Not thread-safe: fed from the
/// stderr reader together with <see cref="DestinationTracker"/>.
/// </summary>
internal sealed class DestinationFailures(int count, TimeProvider timeProvider)
{
    /// <summary>Attempts in a row with the same cause after which a destination counts as failing repeatedly.</summary>
    public const int RepeatThreshold = 3;

    public static readonly TimeSpan ReportInterval = TimeSpan.FromMinutes(1);

    private readonly string?[] _causes = new string?[count];
    private readonly int[] _sameCause = new int[count];
    private readonly int[] _consecutive = new int[count];
    private readonly long?[] _reportedAt = new long?[count];
    private readonly int[] _reportedCount = new int[count];

    public IReadOnlyList<string?> Causes => _causes;

    /// <summary>Failed attempts in a row, whatever their cause; 0 once the destination works again.</summary>
    public IReadOnlyList<int> Consecutive => _consecutive;

    /// <summary>Whether the destination's last <see cref="RepeatThreshold"/> attempts failed the same way.</summary>
    public bool IsRepeating(int index) => _sameCause[index] >= RepeatThreshold;

    /// <summary>One attempt to reach or write the destination failed.</summary>
    public void AttemptFailed(int index, string cause)
    {
        _sameCause[index] = _causes[index] == cause ? _sameCause[index] + 1 : 1;
        _causes[index] = cause;
        _consecutive[index]++;
    }

    /// <summary>Refines the cause of the attempt already counted, when a later line of it says more.</summary>
    public void Refine(int index, string cause)
    {
        if (_causes[index] != cause && cause != DestinationFailureCause.Failed)
        {
            _sameCause[index] = 1;
            _causes[index] = cause;
        }
    }

    public void Recovered(int index)
    {
        _sameCause[index] = 0;
        _consecutive[index] = 0;
        _causes[index] = null;
        _reportedAt[index] = null;
        _reportedCount[index] = 0;
    }

    /// <summary>
    /// True at most once per <see cref="ReportInterval"/> per destination while it fails repeatedly;
    /// <paramref name="since"/> is how many attempts failed since the previous report.
    /// </summary>
    public bool TakeReport(int index, out int since)
    {
        since = 0;
        if (!IsRepeating(index))
        {
            return false;
        }
        var now = timeProvider.GetTimestamp();
        if (_reportedAt[index] is { } at && timeProvider.GetElapsedTime(at, now) < ReportInterval)
        {
            return false;
        }
        since = _consecutive[index] - _reportedCount[index];
        _reportedAt[index] = now;
        _reportedCount[index] = _consecutive[index];
        return true;
    }
}
