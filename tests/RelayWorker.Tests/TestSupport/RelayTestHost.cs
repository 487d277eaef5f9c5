using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RelayWorker.Status;
using RelayWorker.Supervision;
using RelayWorker.Tests.Supervision.Fakes;

namespace RelayWorker.Tests.TestSupport;

/// <summary>
/// The real application, composed as Program.cs composes it, on an in-memory server, with ffmpeg replaced
/// by <see cref="FakeChildProcessLauncher"/>. Real time: the fake children only do what the test tells them.
/// </summary>
internal sealed class RelayTestHost : IAsyncDisposable
{
    private RelayTestHost(WebApplication app, FakeChildProcessLauncher launcher)
    {
        App = app;
        Launcher = launcher;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public FakeChildProcessLauncher Launcher { get; }

    public HttpClient Client { get; }

    /// <summary>Everything the application logged, kept in memory instead of written to a console.</summary>
    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    /// <summary>Starts the worker with configuration written as environment variables (NAME=VALUE).</summary>
    public static async Task<RelayTestHost> StartAsync(params string[] environment)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Configuration.AddInMemoryCollection(EnvConfiguration.ToKeys(EnvConfiguration.Parse(environment)));
        builder.Services.AddRelayWorker(builder.Configuration);
        var launcher = new FakeChildProcessLauncher(TimeProvider.System);
        // Registered after AddRelayWorker: the last registration is the one GetRequiredService resolves.
        builder.Services.AddSingleton<IChildProcessLauncher>(launcher);
        var app = builder.Build();
        app.MapRelayEndpoints();
        await app.StartAsync();
        return new RelayTestHost(app, launcher);
    }

    /// <summary>
    /// Waits for the n-th child of the route and until its run has begun (the status shows its pid): only
    /// then does the route take the child's progress, as it would with a real ffmpeg that prints its first
    /// block half a second after starting.
    /// </summary>
    public async Task<FakeChildProcess> WaitForChildAsync(int count, string route = "cam1")
    {
        var child = await Launcher.WaitForChildAsync(count);
        var registry = App.Services.GetRequiredService<RouteStatusRegistry>();
        await Eventually.True(() => registry.Find(route)?.Snapshot.ChildProcessId == child.ProcessId, $"route {route} to run child #{count}");
        return child;
    }

    public async Task<(HttpStatusCode Status, string Body, string? ContentType)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Scrapes /metrics until the text satisfies the condition (the exporter caches a scrape briefly).</summary>
    public Task<string> ScrapeUntilAsync(Func<string, bool> accept, string what) =>
        Eventually.Value(async () => (await GetAsync("/metrics")).Body, accept, what);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
