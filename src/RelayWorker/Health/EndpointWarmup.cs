using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace RelayWorker.Health;

/// <summary>
/// Asks the worker's own probe, metrics and status endpoints once, after the server has started and the first
/// configuration has been handed to the route supervisors. The first request to each compiles its whole path
/// (routing, the request delegate, health checks, the exporter, JSON); on an idle CPU that takes a fraction of a
/// second, but with hundreds of ffmpegs loading at once it took 3-5 s, longer than a kubelet's probe timeout
/// (BENCHMARKS.md, "Many routes").
/// </summary>
internal sealed partial class EndpointWarmup(ILogger<EndpointWarmup> logger, IServer? server = null)
{
    private static readonly string[] Paths = ["healthz/live", "healthz/ready", "metrics", "api/routes"];

    /// <summary>Bounded: a warm-up that cannot connect (an unusual binding) never holds up the routes for long.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    public async Task WarmAsync(CancellationToken cancellationToken)
    {
        if (OwnAddress() is not { } address)
        {
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Budget);
        using var client = new HttpClient { BaseAddress = address };
        foreach (var path in Paths)
        {
            try
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative), timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                LogWarmupFailed(path, e.Message);
                return;
            }
        }
    }

    /// <summary>The first address the server listens on, with a wildcard host turned into loopback.</summary>
    private Uri? OwnAddress()
    {
        var listened = server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (listened is null || !Uri.TryCreate(listened.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return null;
        }
        var host = uri.Host is "0.0.0.0" ? "127.0.0.1" : uri.Host is "[::]" or "::" ? "[::1]" : uri.Host;
        return new UriBuilder(uri) { Host = host, Path = "/" }.Uri;
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Endpoint warm-up stopped at /{Path}: {Error}")]
    private partial void LogWarmupFailed(string path, string error);
}
