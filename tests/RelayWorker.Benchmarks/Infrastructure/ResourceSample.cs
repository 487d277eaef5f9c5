namespace RelayWorker.Benchmarks.Infrastructure;

/// <summary>What the soak and the supervision benchmark read about the worker process at one moment.</summary>
internal sealed record ResourceSample(long At, double CpuSeconds, double RssMiB, int Threads, int OpenFileDescriptors, int Children)
{
    public static ResourceSample? Of(int pid)
    {
        var now = MonotonicClock.Now;
        if (ProcFs.Stat(pid) is not { } stat || ProcFs.RssMiB(pid) is not { } rss || ProcFs.Threads(pid) is not { } threads
            || ProcFs.OpenFileDescriptors(pid) is not { } fds)
        {
            return null;
        }
        return new ResourceSample(now, stat.CpuSeconds, rss, threads, fds, ProcFs.Children(pid).Count);
    }
}
