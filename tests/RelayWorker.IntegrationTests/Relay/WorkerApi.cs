using System.Text.Json;

namespace RelayWorker.IntegrationTests.Relay;

/// <summary>Reads the worker's status API the way an operator's script would.</summary>
internal static class WorkerApi
{
    public static async Task<JsonElement> RouteAsync(this WorkerProcess worker, string name)
    {
        var json = await worker.HttpClient.GetStringAsync(new Uri($"api/routes/{name}", UriKind.Relative));
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    public static async Task<string?> StateAsync(this WorkerProcess worker, string name)
    {
        try
        {
            return (await worker.RouteAsync(name)).GetProperty("state").GetString();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Waits until the route reports media progressing.</summary>
    public static Task WaitUntilRunningAsync(this WorkerProcess worker, string name, TimeSpan timeout) =>
        Poll.UntilAsync(async () => await worker.StateAsync(name) == "Running", timeout, $"route {name} running");
}
