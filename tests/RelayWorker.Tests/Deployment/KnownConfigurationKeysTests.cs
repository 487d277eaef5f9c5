namespace RelayWorker.Tests.Deployment;

public sealed class KnownConfigurationKeysTests
{
    [Theory]
    [InlineData("Relay__FfmpegPath")]
    [InlineData("Relay__Routes__cam1__Source")]
    [InlineData("Relay__Routes__cam-1.main__Destinations__12")]
    [InlineData("Relay__Routes__cam1__Renditions__low__Destinations__0")]
    [InlineData("Relay__Profiles__hevc720__KeyframeSeconds")]
    [InlineData("Relay__Shard__Index")]
    public void IsKnown_KeyTheWorkerReads_IsAccepted(string key) => Assert.True(KnownConfigurationKeys.IsKnown(key), key);

    [Theory]
    [InlineData("Relay__StallTimout")]
    [InlineData("Relay__Routes__cam1__Destination__0")]
    [InlineData("Relay__Routes__cam1__Destinations__first")]
    [InlineData("Relay__Routes__cam1__Destinations")]
    [InlineData("Relay__Routes____Source")]
    [InlineData("Relay__Restart")]
    [InlineData("Relay__Shard__Index__0")]
    [InlineData("Logging__LogLevel__Default__Relay__FfmpegPath")]
    public void IsKnown_KeyTheWorkerWouldReject_IsRefused(string key) => Assert.False(KnownConfigurationKeys.IsKnown(key), key);
}
