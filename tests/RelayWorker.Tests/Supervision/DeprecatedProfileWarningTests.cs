using Microsoft.Extensions.Logging;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Supervision;

public sealed class DeprecatedProfileWarningTests
{
    [Fact]
    public async Task Start_RouteUsingA228Alias_RunsAndWarnsOnceNamingTheKeyAndTheNewName()
    {
        await using var host = await RelayTestHost.StartAsync(
            "Relay__Routes__cam1__Source=rtmp://127.0.0.1:1935/live/cam1",
            "Relay__Routes__cam1__Destinations__0=srt://127.0.0.1:8890",
            "Relay__Routes__cam1__Profile=228p12");

        var child = await host.WaitForChildAsync(1);

        // The alias runs as the 288p rung: the same ffmpeg arguments.
        Assert.Contains("scale=w=round(288*dar/2)*2:h=288,setsar=1,fps=12", child.Spec.Arguments);
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 5001);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(
            "Relay__Routes__cam1__Profile: profile '228p12' is deprecated and runs as '288p12' (512x288 for a 16:9 source); set Relay__Routes__cam1__Profile=288p12",
            warning.Message);
    }

    [Fact]
    public async Task Start_RouteUsingTheCurrentName_LogsNoDeprecation()
    {
        await using var host = await RelayTestHost.StartAsync(
            "Relay__Routes__cam1__Source=rtmp://127.0.0.1:1935/live/cam1",
            "Relay__Routes__cam1__Destinations__0=srt://127.0.0.1:8890",
            "Relay__Routes__cam1__Profile=288p12");

        await host.WaitForChildAsync(1);

        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id == 5001);
    }
}
