using System.Globalization;
using RelayWorker.Benchmarks.Infrastructure;

namespace RelayWorker.Benchmarks.Relay;

/// <summary>
/// What every relay benchmark needs around the worker: one nginx-rtmp, one test-pattern publisher on
/// rtmp://…/live/src, and one UDP sink per route in this process. Copy routes all pull the same stream, as N
/// viewers-side relays of one camera would; udp:// destinations keep the far end exact and cheap.
/// </summary>
internal sealed class RelayRig : IAsyncDisposable
{
    public const string Stream = "src";

    // A fixed rate, so every run relays the same load whatever x264's quality choice for the pattern.
    private const int PublisherVideoKbps = 500;

    private RelayRig(NginxRtmpServer nginx, TestPatternPublisher publisher, IReadOnlyList<UdpSink> sinks)
    {
        Nginx = nginx;
        Publisher = publisher;
        Sinks = sinks;
    }

    public NginxRtmpServer Nginx { get; }

    public TestPatternPublisher Publisher { get; }

    public IReadOnlyList<UdpSink> Sinks { get; }

    public string SourceUrl => Nginx.RtmpUrl(Stream);

    /// <summary>
    /// Starts <paramref name="sinks"/> sinks, nginx and the publisher. <paramref name="execPush"/>, when given, builds an
    /// exec_push command from nginx's RTMP port and the sinks, with nginx-rtmp's <paramref name="respawnTimeout"/>.
    /// </summary>
    public static async Task<RelayRig> StartAsync(
        int sinks, Func<int, IReadOnlyList<UdpSink>, IReadOnlyList<string>>? execPush = null, TimeSpan? respawnTimeout = null)
    {
        List<UdpSink> udpSinks = [.. Enumerable.Range(0, sinks).Select(_ => UdpSink.Start())];
        NginxRtmpServer? nginx = null;
        try
        {
            nginx = await NginxRtmpServer.StartAsync(execPush is null ? null : port => execPush(port, udpSinks), respawnTimeout);
            var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl(Stream), videoKbps: PublisherVideoKbps);
            return new RelayRig(nginx, publisher, udpSinks);
        }
        catch
        {
            if (nginx is not null)
            {
                await nginx.DisposeAsync();
            }
            foreach (var sink in udpSinks)
            {
                await sink.DisposeAsync();
            }
            throw;
        }
    }

    public static string RouteName(int index) => string.Create(CultureInfo.InvariantCulture, $"r{index + 1:00}");

    /// <summary>The first <paramref name="count"/> routes: r01 → sink 0, r02 → sink 1, …, all pulling the one source.</summary>
    public IReadOnlyList<WorkerRoute> Routes(int count) =>
        [.. Sinks.Take(count).Select((sink, i) => new WorkerRoute(RouteName(i), SourceUrl, sink.PlainUrl))];

    /// <summary>Starts the publisher (again) and returns the time nginx logged its publish: the source is back.</summary>
    public async Task<long> RestartPublisherAsync()
    {
        var before = MonotonicClock.Now;
        await Publisher.RestartAsync();
        long? published = null;
        await Poll.UntilAsync(() => (published = Nginx.PublishedAfter(before)) is not null, TimeSpan.FromSeconds(15), "nginx to log the publish");
        return published!.Value;
    }

    /// <summary>Waits until each of the first <paramref name="count"/> sinks receives a datagram after <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<long?>> FirstMediaAsync(int count, long after, TimeSpan timeout) =>
        await Task.WhenAll(Sinks.Take(count).Select(sink => sink.FirstDatagramAfterAsync(after, timeout)));

    public async ValueTask DisposeAsync()
    {
        await Publisher.DisposeAsync();
        await Nginx.DisposeAsync();
        foreach (var sink in Sinks)
        {
            await sink.DisposeAsync();
        }
    }
}
