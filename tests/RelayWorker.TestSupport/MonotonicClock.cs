using System.Diagnostics;

namespace RelayWorker.TestSupport;

/// <summary>
/// Every timestamp in the benchmarks is a <see cref="Stopwatch"/> tick: monotonic and high resolution, so an NTP
/// step on the shared machine cannot bend a latency.
/// </summary>
internal static class MonotonicClock
{
    public static long Now => Stopwatch.GetTimestamp();

    public static double Seconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalSeconds;

    public static double Milliseconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    public static double SecondsSince(long from) => Stopwatch.GetElapsedTime(from).TotalSeconds;
}
