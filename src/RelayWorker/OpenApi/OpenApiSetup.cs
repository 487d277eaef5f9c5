using System.Reflection;

namespace RelayWorker.OpenApi;

/// <summary><c>GET /openapi/v1.json</c>: every endpoint of the worker with its schemas and status codes.</summary>
internal static class OpenApiSetup
{
    public static IServiceCollection AddRelayOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "RelayWorker";
                document.Info.Version = typeof(OpenApiSetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1";
                document.Info.Description = "Supervises one ffmpeg per relay route. Control endpoints need the bearer token of Relay__Api__Token or Relay__Api__TokenFile and answer 404 while none is configured.";
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<EndpointCoverageTransformer>();
        });

    public static WebApplication MapRelayOpenApi(this WebApplication app)
    {
        app.MapOpenApi();
        return app;
    }
}
