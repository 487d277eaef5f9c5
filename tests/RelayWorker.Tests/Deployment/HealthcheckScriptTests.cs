using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RelayWorker.Tests.Deployment;

// The image's HEALTHCHECK and the compose healthcheck run docker/relay-worker/healthcheck.sh with
// bash, because the runtime image has no curl or wget. Here it runs against a one-shot HTTP server.
public sealed class HealthcheckScriptTests
{
    private static readonly string Script = RepositoryRoot.PathTo("docker", "relay-worker", "healthcheck.sh");

    [Fact]
    public async Task Healthcheck_LiveEndpointAnswers200_ExitsZeroAfterAskingForLiveness()
    {
        using var listener = Listen();

        var (result, requestLine) = await ProbeAsync(listener, "HTTP/1.1 200 OK");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal("GET /healthz/live HTTP/1.1", requestLine);
    }

    [Fact]
    public async Task Healthcheck_EndpointAnswers503_ExitsOne()
    {
        using var listener = Listen();

        var (result, _) = await ProbeAsync(listener, "HTTP/1.1 503 Service Unavailable");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("503", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthcheck_NothingListening_ExitsOne()
    {
        int port;
        using (var listener = Listen())
        {
            port = Port(listener);
        }

        var result = await ExternalTool.RunAsync("bash", RepositoryRoot.Directory, Script, port.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(1, result.ExitCode);
    }

    private static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    private static async Task<(ToolResult Result, string RequestLine)> ProbeAsync(TcpListener listener, string statusLine)
    {
        var probe = ExternalTool.RunAsync("bash", RepositoryRoot.Directory, Script, Port(listener).ToString(CultureInfo.InvariantCulture));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var client = await listener.AcceptTcpClientAsync(deadline.Token);
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var requestLine = await reader.ReadLineAsync(deadline.Token) ?? "";
        while (!string.IsNullOrEmpty(await reader.ReadLineAsync(deadline.Token)))
        {
            // Headers end at the blank line; the script sends no body.
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{statusLine}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), deadline.Token);
        client.Close();

        return (await probe, requestLine);
    }
}
