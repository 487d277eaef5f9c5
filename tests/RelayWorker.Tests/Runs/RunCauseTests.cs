using CliWrap;
using CliWrap.Buffered;
using RelayWorker.Runs;
using RelayWorker.Status;

namespace RelayWorker.Tests.Runs;

/// <summary>
/// The classifier on the lines ffmpeg 5.1 wrote when it was run against a closed loopback port, names under
/// .invalid (which never resolve), a loopback HTTP server answering 401, 403 and 404 or serving garbage, a loopback
/// TCP server that accepts and never answers, and an SRT listener with another passphrase.
/// </summary>
public sealed class RunCauseTests
{
    public static TheoryData<string, string[]> GatheredLines => new()
    {
        { RunCause.ConnectionRefused, [
            "[tcp @ 0x55a0fe5d1c80] [error] Connection to tcp://127.0.0.1:1?tcp_nodelay=0 failed: Connection refused",
            "[rtmp @ 0x55a0fe5d1180] [error] Cannot open connection tcp://127.0.0.1:1?tcp_nodelay=0",
            "[error] rtmp://127.0.0.1:1/live/x: Connection refused"] },
        { RunCause.DnsFailure, [
            "[tcp @ 0x55b11272cc80] [error] Failed to resolve hostname nonexistent.invalid: Name or service not known",
            "[rtmp @ 0x55b11272c180] [error] Cannot open connection tcp://nonexistent.invalid:1935?tcp_nodelay=0",
            "[error] rtmp://nonexistent.invalid/live/x: Input/output error"] },
        { RunCause.DnsFailure, [
            "[srt @ 0x55827a17c180] [error] Failed to resolve hostname nonexistent.invalid: Name or service not known",
            "[error] srt://nonexistent.invalid:9000: Input/output error"] },
        { RunCause.SourceNotFound, [
            "[http @ 0x56302f3b4180] [warning] HTTP error 404 File not found",
            "[error] http://127.0.0.1:18931/missing.m3u8: Server returned 404 Not Found"] },
        { RunCause.AuthenticationRejected, [
            "[http @ 0x55983a0b6180] [warning] HTTP error 401 Unauthorized",
            "[error] http://127.0.0.1:18931/secret/index.m3u8: Server returned 401 Unauthorized (authorization failed)"] },
        { RunCause.AuthenticationRejected, [
            "[http @ 0x558deef8b180] [warning] HTTP error 403 Forbidden",
            "[error] http://127.0.0.1:18931/forbidden/index.m3u8: Server returned 403 Forbidden (access denied)"] },
        { RunCause.AuthenticationRejected, [
            "09:07:36.817625/SRT:RcvQ:w1!W:SRT.cn: processAsyncConnectRequest: REJECT reported from HS processing: Incorrect passphrase - not processing further",
            "[srt @ 0x55935080f0c0] [error] Connection to srt://127.0.0.1:18940?passphrase=*** failed: Input/output error",
            "[error] srt://127.0.0.1:18940?passphrase=***: Input/output error"] },
        { RunCause.Timeout, [
            "[rtmp @ 0x559ab2bdd180] [error] Cannot read RTMP handshake response",
            "[error] rtmp://127.0.0.1:18950/live/x: Connection timed out"] },
        { RunCause.Unsupported, ["[error] http://127.0.0.1:18931/garbage.ts: Invalid data found when processing input"] },
        { RunCause.Unsupported, ["[fatal] Unknown encoder 'nosuchenc'"] },
        // An SRT caller to a port nobody listens on says no more than this.
        { RunCause.Failed, [
            "[srt @ 0x563dfa21d180] [error] Connection to srt://127.0.0.1:2?connect_timeout=2000 failed: Input/output error",
            "[error] srt://127.0.0.1:2?connect_timeout=2000: Input/output error"] },
    };

    [Theory]
    [MemberData(nameof(GatheredLines))]
    public void Classify_FailedRunWithGatheredLines_NamesTheCause(string expected, string[] lines) =>
        Assert.Equal(expected, RunCause.Classify(RestartReason.Failed, stopRequested: false, stopCause: null, exitCode: 1, lines));

    [Theory]
    [InlineData("rtmp://127.0.0.1:1/live/x", RunCause.ConnectionRefused)]
    [InlineData("rtmp://nonexistent.invalid/live/x", RunCause.DnsFailure)]
    [InlineData("srt://nonexistent.invalid:9000", RunCause.DnsFailure)]
    public async Task Classify_WhatTheInstalledFfmpegWritesNow_NamesTheCause(string source, string expected)
    {
        // Loopback and .invalid only: no traffic leaves the machine.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var result = await Cli.Wrap("ffmpeg")
            .WithArguments(["-hide_banner", "-nostdin", "-loglevel", "level+info", "-rw_timeout", "3000000", "-i", source, "-f", "null", "-"])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(timeout.Token);

        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(expected, RunCause.Classify(RestartReason.ForExitCode(result.ExitCode), false, null, result.ExitCode, lines));
    }

    [Fact]
    public void Classify_HowTheWorkerEndedTheRun_ComesBeforeTheLines()
    {
        string[] refused = ["[error] rtmp://127.0.0.1:1/live/x: Connection refused"];

        Assert.Equal(RunCause.Manual, RunCause.Classify("stopped", true, RunCause.Manual, 255, refused));
        Assert.Equal(RunCause.Reconfigured, RunCause.Classify("stopped", true, RunCause.Reconfigured, 255, refused));
        Assert.Equal(RunCause.Stopped, RunCause.Classify("stopped", true, null, 255, refused));
        Assert.Equal(RunCause.Stalled, RunCause.Classify(RestartReason.Stalled, false, null, 255, refused));
        Assert.Equal(RunCause.Frozen, RunCause.Classify(RestartReason.Frozen, false, null, 255, refused));
        Assert.Equal(RunCause.Killed, RunCause.Classify(RestartReason.Killed, false, null, 137, refused));
        Assert.Equal(RunCause.StartFailed, RunCause.Classify(RestartReason.StartFailed, false, null, null, []));
        Assert.Equal(RunCause.Exited, RunCause.Classify(RestartReason.Exited, false, null, 0, ["[info] video:1kB audio:0kB"]));
    }

    [Theory]
    [InlineData(137, "SIGKILL")]
    [InlineData(143, "SIGTERM")]
    [InlineData(255, null)]
    [InlineData(1, null)]
    [InlineData(null, null)]
    public void Signal_ExitCodeAbove128_NamesTheSignal(int? exitCode, string? signal) => Assert.Equal(signal, RunCause.Signal(exitCode));
}
