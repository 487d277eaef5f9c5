using System.Text.Json;
using RelayWorker.IntegrationTests.Relay;

namespace RelayWorker.IntegrationTests.Protocols;

/// <summary>The few /api/routes/{name} fields these tests judge a route by.</summary>
internal static class RouteStatusReading
{
    public static int Restarts(this JsonElement route) => route.GetProperty("restarts").GetInt32();

    public static int? Pid(this JsonElement route) =>
        route.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.Number ? pid.GetInt32() : null;

    /// <summary>Seconds of media the route's ffmpeg has written (its -progress out_time), 0 before the first block.</summary>
    public static double OutTimeSeconds(this JsonElement route) =>
        route.TryGetProperty("progress", out var progress)
        && progress.ValueKind == JsonValueKind.Object
        && progress.TryGetProperty("outTimeSeconds", out var seconds)
        && seconds.ValueKind == JsonValueKind.Number
            ? seconds.GetDouble()
            : 0;

    /// <summary>Waits until the route has written <paramref name="seconds"/> of media: a clock that runs at media speed.</summary>
    public static Task WaitForMediaSecondsAsync(this WorkerProcess worker, string name, double seconds, TimeSpan timeout) =>
        Poll.UntilAsync(
            async () =>
            {
                try
                {
                    return (await worker.RouteAsync(name)).OutTimeSeconds() >= seconds;
                }
                catch (HttpRequestException)
                {
                    return false; // the worker's HTTP endpoint is not up yet
                }
            },
            timeout,
            $"route {name} to write {seconds} s of media");
}
