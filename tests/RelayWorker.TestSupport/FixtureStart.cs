namespace RelayWorker.TestSupport;

/// <summary>How every server fixture comes up, in one place: on a fresh port until it binds, and never leaving a process behind when it fails.</summary>
internal static class FixtureStart
{
    private const int Attempts = 3;

    /// <summary>
    /// Calls <paramref name="tryStart"/> (which picks its ports and returns null once the server is up, or the output of
    /// the attempt it stopped again) up to three times: a port taken by another process between
    /// <see cref="FreePort"/> and the server's bind is the expected reason to retry.
    /// </summary>
    public static async Task OnFreePortsAsync(string what, Func<Task<string?>> tryStart)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await tryStart() is not { } log)
            {
                return;
            }
            if (attempt == Attempts)
            {
                throw new InvalidOperationException($"{what} did not start after {Attempts} attempts. Last output:\n{log}");
            }
        }
    }

    /// <summary>Runs <paramref name="start"/> and hands the fixture out; a fixture that fails to start is disposed at once.</summary>
    public static async Task<T> OrDisposeAsync<T>(T fixture, Func<T, Task> start)
        where T : IAsyncDisposable
    {
        try
        {
            await start(fixture);
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }
}
