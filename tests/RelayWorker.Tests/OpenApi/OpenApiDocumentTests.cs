using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RelayWorker.OpenApi;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.OpenApi;

[Collection(RelayMeterGroup.Name)]
public sealed class OpenApiDocumentTests
{
    private static readonly string[] Routes =
    [
        "Relay__Routes__cam1__Source=rtmp://127.0.0.1:1935/live/cam1",
        "Relay__Routes__cam1__Destinations__0=udp://127.0.0.1:9",
    ];

    [Fact(Timeout = 30_000)]
    public async Task Document_DescribesEveryMappedEndpointAndMethodWithResponses()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        var (status, body, contentType) = await host.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", contentType);
        using var document = JsonDocument.Parse(body);
        var paths = document.RootElement.GetProperty("paths");

        // Whatever is mapped, here or by any other feature (a page, an event stream), must be in the document.
        var mapped = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(mapped.Count >= 12, $"only {mapped.Count} endpoints mapped");
        foreach (var endpoint in mapped)
        {
            var path = EndpointCoverageTransformer.PathOf(endpoint);
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the document");
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is not in the document");
                Assert.NotEmpty(operation.GetProperty("responses").EnumerateObject());
            }
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Document_NamesTheStatusCodesAndSchemasOfEachEndpoint()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        using var document = JsonDocument.Parse((await host.GetAsync("/openapi/v1.json")).Body);
        var paths = document.RootElement.GetProperty("paths");

        Assert.Equal(["200", "204", "401", "404", "409", "503"], Codes(paths, "/api/routes/{name}/destinations/{index}/disable", "post"));
        Assert.Equal(["200", "204", "401", "404", "409", "503"], Codes(paths, "/api/routes/{name}/restart", "post"));
        Assert.Equal(["200", "404"], Codes(paths, "/api/routes/{name}/runs", "get"));
        Assert.Equal(["200", "503"], Codes(paths, "/healthz/ready", "get"));
        Assert.Contains("text/plain", paths.GetProperty("/metrics").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").EnumerateObject().Select(c => c.Name));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.Contains("lastLines", Properties(schemas, "RunRecord"));
        Assert.Contains("mediaSeconds", Properties(schemas, "RunRecord"));
        Assert.Contains("destinationStatus", Properties(schemas, "RouteStatusDto"));
        Assert.Contains("activeSource", Properties(schemas, "RouteStatusDto"));
        Assert.Contains("sources", Properties(schemas, "RouteStatusDto"));
        Assert.Contains("lastError", Properties(schemas, "SourceStatusDto"));
        Assert.Contains("ffmpeg", Properties(schemas, "SystemDto"));
    }

    private static string[] Codes(JsonElement paths, string path, string method) =>
        [.. paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal)];

    private static IEnumerable<string> Properties(JsonElement schemas, string name) =>
        schemas.GetProperty(name).GetProperty("properties").EnumerateObject().Select(p => p.Name);
}
