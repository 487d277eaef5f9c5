namespace RelayWorker.Continuity;

/// <summary>
/// Arithmetic on the 33-bit, 90 kHz clock of PTS, DTS and the PCR base, which wraps every 26.5 hours:
/// a route that runs for days crosses the wrap, so every sum is masked and every comparison is a signed distance.
/// </summary>
internal static class TsTime
{
    public const long Mask = (1L << 33) - 1;
    public const long TicksPerSecond = 90_000;
    private const long Half = 1L << 32;

    public static long Add(long timestamp, long delta) => (timestamp + delta) & Mask;

    /// <summary>How far <paramref name="later"/> lies after <paramref name="earlier"/>, negative when before.</summary>
    public static long Distance(long earlier, long later)
    {
        var d = (later - earlier) & Mask;
        return d >= Half ? d - (1L << 33) : d;
    }

    public static long FromTimeSpan(TimeSpan span) => (long)(span.TotalSeconds * TicksPerSecond);
}
