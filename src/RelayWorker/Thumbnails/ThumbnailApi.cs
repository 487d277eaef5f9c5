using RelayWorker.Control;
using RelayWorker.Status;

namespace RelayWorker.Thumbnails;

/// <summary><c>GET /api/routes/{name}/thumbnail</c>: the route's latest keyframe as a JPEG, 320 px wide.</summary>
internal static class ThumbnailApi
{
    public static WebApplication MapThumbnailApi(this WebApplication app)
    {
        app.MapGet("/api/routes/{name}/thumbnail", (string name, RouteStatusRegistry registry, HttpContext http) =>
        {
            if (registry.Find(name) is null)
            {
                return Results.NotFound(new ErrorDto($"no route named '{name}' on this replica"));
            }
            var file = ThumbnailFiles.PathFor(name);
            if (!File.Exists(file))
            {
                return Results.NotFound(new ErrorDto($"no picture of route '{name}': thumbnails are off (Relay__Thumbnails__Enabled), the route is not a copy route, or no keyframe has arrived yet"));
            }
            // The file is replaced by a rename at each keyframe: the bytes read are one whole picture.
            http.Response.Headers.CacheControl = "no-store";
            return Results.Bytes(File.ReadAllBytes(file), "image/jpeg", lastModified: File.GetLastWriteTimeUtc(file));
        })
            .WithSummary("The route's latest keyframe as a JPEG 320 px wide (copy routes, with Relay__Thumbnails__Enabled=true)")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .Produces<ErrorDto>(StatusCodes.Status404NotFound);
        return app;
    }
}
