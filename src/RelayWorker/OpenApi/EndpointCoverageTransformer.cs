using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RelayWorker.OpenApi;

/// <summary>
/// The OpenAPI generator describes endpoints mapped with route handlers; health checks, the Prometheus scrape, the
/// document itself and any endpoint mapped with a plain request delegate (a page, an event stream) are left out.
/// This adds every mapped endpoint the document lacks, with the status codes and content types its metadata
/// declares, or the ones <see cref="KnownResponses"/> knows, so the document lists every endpoint there is.
/// </summary>
internal sealed partial class EndpointCoverageTransformer(EndpointDataSource endpoints) : IOpenApiDocumentTransformer
{
    /// <summary>Responses of endpoints mapped by libraries, which carry no response metadata.</summary>
    private static readonly Dictionary<string, (int Status, string ContentType, string Description)[]> KnownResponses = new(StringComparer.Ordinal)
    {
        ["/healthz/live"] = [(200, "application/json", "The host runs and the supervisor loop is alive."), (503, "application/json", "The supervisor loop is not alive.")],
        ["/healthz/ready"] = [(200, "application/json", "Every enabled route this replica owns is streaming."), (503, "application/json", "Some route is not streaming; notStreaming names them, onSlate those of them that send their slate because no source delivers.")],
        ["/metrics"] = [(200, "text/plain", "Prometheus exposition.")],
        ["/openapi/{documentName}.json"] = [(200, "application/json", "This document.")],
    };

    [GeneratedRegex(@"\{(?<name>\*{0,2}[A-Za-z0-9_]+)(?::[^}=?]+)*(?:=[^}]*)?\??\}")]
    private static partial Regex RouteParameter();

    /// <summary>A route pattern as an OpenAPI path: constraints, defaults and catch-all marks removed.</summary>
    public static string PathOf(RouteEndpoint endpoint)
    {
        var raw = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
        return RouteParameter().Replace(raw, m => "{" + m.Groups["name"].Value.TrimStart('*') + "}");
    }

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var path = PathOf(endpoint);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            if (!document.Paths.TryGetValue(path, out var existing))
            {
                existing = new OpenApiPathItem();
                document.Paths[path] = existing;
            }
            if (existing is not OpenApiPathItem item)
            {
                continue;
            }
            foreach (var method in methods.Select(m => new HttpMethod(m)))
            {
                if (item.Operations?.ContainsKey(method) == true)
                {
                    continue;
                }
                item.AddOperation(method, Describe(endpoint, path));
            }
        }
        return Task.CompletedTask;
    }

    private static OpenApiOperation Describe(RouteEndpoint endpoint, string path)
    {
        var responses = new OpenApiResponses();
        foreach (var produces in endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>())
        {
            responses[produces.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Response(
                produces.Description ?? ReasonPhrase(produces.StatusCode), produces.ContentTypes);
        }
        foreach (var (status, contentType, description) in KnownResponses.GetValueOrDefault(path) ?? [])
        {
            responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Response(description, [contentType]);
        }
        if (responses.Count == 0)
        {
            responses["200"] = Response("OK", []);
        }
        var operation = new OpenApiOperation
        {
            Summary = endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? endpoint.DisplayName,
            Responses = responses,
        };
        foreach (var parameter in endpoint.RoutePattern.Parameters)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        return operation;
    }

    private static OpenApiResponse Response(string description, IEnumerable<string> contentTypes) => new()
    {
        Description = description,
        Content = contentTypes.ToDictionary(type => type, _ => new OpenApiMediaType()),
    };

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Response";
}
