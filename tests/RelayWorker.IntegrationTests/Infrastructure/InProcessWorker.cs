using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RelayWorker.Status;

namespace RelayWorker.IntegrationTests.Infrastructure;

/// <summary>
/// The worker composed as Program.cs composes it, with its real ffmpeg children, served on a loopback port, but in
/// this process: a test can then reach its route statuses and make the calls a component not built yet will make
/// (the continuous route's runner), while a browser reads the page over real HTTP.
/// </summary>
internal sealed class InProcessWorker : IAsyncDisposable
{
    private InProcessWorker(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public RouteStatusRegistry Registry => App.Services.GetRequiredService<RouteStatusRegistry>();

    /// <summary>Starts the worker with the given Relay__… variables, listening on a free port of 127.0.0.1.</summary>
    public static async Task<InProcessWorker> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(environment.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), (string?)v.Value)));
        builder.Services.AddRelayWorker(builder.Configuration);
        var app = builder.Build();
        app.MapRelayEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new InProcessWorker(app, new Uri(address));
    }

    /// <summary>Waits until the route's status exists and its media advances.</summary>
    public async Task<RouteStatus> WaitUntilStreamingAsync(string route, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (Registry.Find(route) is not { IsStreaming: true })
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"route {route} was not streaming within {timeout.TotalSeconds:0} s: {Registry.Find(route)?.State}");
            }
            await Task.Delay(50, CancellationToken.None);
        }
        return Registry.Find(route)!;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
