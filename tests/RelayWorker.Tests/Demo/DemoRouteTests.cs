using Microsoft.Extensions.Configuration;
using RelayWorker.Demo;

namespace RelayWorker.Tests.Demo;

public sealed class DemoRouteTests
{
    [Fact]
    public void AddIfUnconfigured_NoRouteAnywhere_AddsTheDemoRoute()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Relay:StallTimeout"] = "00:00:20" });

        Assert.True(DemoRoute.AddIfUnconfigured(configuration));

        Assert.Equal(DemoRoute.Source, configuration["Relay:Routes:demo:Source"]);
        Assert.Equal(DemoRoute.Destination, configuration["Relay:Routes:demo:Destinations:0"]);
    }

    [Theory]
    // Environment variables in lower case are the same keys to .NET configuration.
    [InlineData("relay__routes__cam1__Source", "rtmp://127.0.0.1/live/cam1")]
    [InlineData("Relay__Routes__cam1__Source", "rtmp://127.0.0.1/live/cam1")]
    public void AddIfUnconfigured_RouteInTheEnvironmentInAnySpelling_AddsNothing(string name, string value)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { [name.Replace("__", ":", StringComparison.Ordinal)] = value });

        Assert.False(DemoRoute.AddIfUnconfigured(configuration));
        Assert.Null(configuration["Relay:Routes:demo:Source"]);
    }

    [Fact]
    public void AddIfUnconfigured_RouteInASettingsFile_AddsNothing()
    {
        var file = Path.Combine(Path.GetTempPath(), $"relay-demo-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "Relay": { "Routes": { "cam1": { "Source": "srt://127.0.0.1:9000" } } } }""");
        try
        {
            var configuration = new ConfigurationManager();
            configuration.AddJsonFile(file);

            Assert.False(DemoRoute.AddIfUnconfigured(configuration));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Take_RemovesOnlyTheSwitch()
    {
        var (requested, rest) = DemoRoute.Take(["--urls", "http://127.0.0.1:9", DemoRoute.Switch]);

        Assert.True(requested);
        Assert.Equal(["--urls", "http://127.0.0.1:9"], rest);
        Assert.False(DemoRoute.Take(["--urls", "x"]).Requested);
    }
}
