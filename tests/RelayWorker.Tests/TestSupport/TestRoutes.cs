using RelayWorker.Media;

namespace RelayWorker.Tests.TestSupport;

internal static class TestRoutes
{
    public const string Source = "rtmp://mediamtx:1935/cam1";
    public const string Destination = "srt://mediamtx:8890?streamid=publish:cam1-srt";

    public static RouteDefinition Create(
        string source = Source,
        string[]? destinations = null,
        VideoProfile? profile = null,
        bool listen = false,
        string name = "cam1") =>
        new(name, source, [.. destinations ?? [Destination]], profile ?? ProfileCatalog.Copy, listen);
}
