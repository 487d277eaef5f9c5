using Microsoft.Extensions.Time.Testing;
using RelayWorker.Supervision;

namespace RelayWorker.Tests.Supervision;

public sealed class RepeatedLineLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    private static string Dts(int n) => $"[mpegts @ 0x55d{n:x}] Non-monotonous DTS in output stream 0:1; previous: {n}, current: {n - 5}; changing to {n + 1}.";

    [Fact]
    public void Allow_SameShapeWithOtherNumbers_PassesOncePerMinuteThenReportsTheRestWithACount()
    {
        var limiter = new RepeatedLineLimiter(_time);

        var passed = Enumerable.Range(1000, 70).Count(n => limiter.Allow(Dts(n), out _));
        _time.Advance(RepeatedLineLimiter.Window);
        var allowedAfterWindow = limiter.Allow(Dts(5000), out var suppressed);

        Assert.Equal(TimeSpan.FromMinutes(1), RepeatedLineLimiter.Window);
        Assert.Equal(1, passed);
        Assert.True(allowedAfterWindow);
        Assert.Equal(69, suppressed);
    }

    [Fact]
    public void Allow_WithinTheMinute_HoldsBackEveryRepeat()
    {
        var limiter = new RepeatedLineLimiter(_time);
        const string Vbv = "[libx264 @ 0x55d1] VBV underflow (frame 123, -2048 bits)";

        Assert.True(limiter.Allow(Vbv, out _));
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(limiter.Allow(Vbv.Replace("123", "124", StringComparison.Ordinal), out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.Allow(Vbv, out var suppressed));
        Assert.Equal(1, suppressed);
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
