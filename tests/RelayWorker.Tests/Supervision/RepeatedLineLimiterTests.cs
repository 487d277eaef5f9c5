using Microsoft.Extensions.Time.Testing;
using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

public sealed class RepeatedLineLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    private static string Dts(int n) => $"[mpegts @ 0x55d{n:x}] Non-monotonous DTS in output stream 0:1; previous: {n}, current: {n - 5}; changing to {n + 1}.";

    [Fact]
    public void Allow_SameShapeWithOtherNumbers_PassesFivePerWindowThenReportsTheRest()
    {
        var limiter = new RepeatedLineLimiter(_time);

        var passed = Enumerable.Range(1000, 70).Count(n => limiter.Allow(Dts(n), out _));
        _time.Advance(RepeatedLineLimiter.Window);
        var allowedAfterWindow = limiter.Allow(Dts(5000), out var suppressed);

        Assert.Equal(RepeatedLineLimiter.LinesPerWindow, passed);
        Assert.True(allowedAfterWindow);
        Assert.Equal(65, suppressed);
    }

    [Fact]
    public void Allow_DifferentShapes_AreLimitedSeparately()
    {
        var limiter = new RepeatedLineLimiter(_time);
        for (var n = 0; n < 20; n++)
        {
            limiter.Allow(Dts(n), out _);
        }

        Assert.True(limiter.Allow("Connection to srt://127.0.0.1:9000 failed: Input/output error", out var suppressed));
        Assert.Equal(0, suppressed);
    }
}
