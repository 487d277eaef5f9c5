using Microsoft.Extensions.Options;
using RelayWorker;
using RelayWorker.Capabilities;
using RelayWorker.Configuration;
using RelayWorker.Demo;
using RelayWorker.Logging;
using RelayWorker.Redaction;
using Serilog;

var (demoRequested, demoless) = DemoRoute.Take(args);
var (cacheCapabilitiesRequested, hostArguments) = CapabilityCacheCommand.Take(demoless);
// Until the host installs its own handlers, SIGTERM or SIGINT would end the process with the signal's default
// (exit 143) while it validates its configuration (which may list ffmpeg's capabilities): a stop asked for during start-up
// is honoured with exit 0 instead. The host's handlers run beside these once it starts.
using var earlyStop = new EarlyStopSignal();
WebApplicationBuilder builder;
try
{
    builder = WebApplication.CreateSlimBuilder(hostArguments);
}
catch (InvalidDataException e)
{
    // appsettings.json that is not valid JSON: one line naming the file and the place, not a stack trace.
    await Console.Error.WriteLineAsync(SettingsFileErrors.Describe(e));
    return 2;
}
LoggingSetup.CreateBootstrapLogger(builder.Configuration);
SettingsFileErrors.ReportReloadFailures(builder.Configuration, problem => Log.Error("{Problem}", problem));
WebApplication? app = null;
try
{
    // ASP.NET's own default is localhost:5000; the service contract is port 8080 on every interface.
    if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
    {
        builder.WebHost.UseUrls("http://0.0.0.0:8080");
    }
    foreach (var name in LookalikeEnvironmentKeys.Find(Environment.GetEnvironmentVariables()))
    {
        Log.Warning("Environment variable {Name} looks like a RelayWorker setting but is not read: keys are Relay__Section__Key, with double underscores", name);
    }
    if (demoRequested && DemoRoute.AddIfUnconfigured(builder.Configuration))
    {
        Log.Information("No route is configured (environment, appsettings.json, command line): running the demo route {Route}, a test pattern served at {Destination}",
            DemoRoute.Name, DemoRoute.Destination);
    }
    // Every rendered line passes the redactor with the secrets of the configuration in force, which the
    // supervisor keeps in the host's RedactionState.
    builder.Services.AddSerilog((services, logger) =>
        LoggingSetup.Configure(logger, builder.Configuration, services.GetRequiredService<RedactionState>()));
    builder.Services.AddRelayWorker(builder.Configuration);
    app = builder.Build();
    if (cacheCapabilitiesRequested)
    {
        return CapabilityCacheCommand.Run(app.Services, Console.Out, Console.Error);
    }

    // A bad configuration must stop the service before any ffmpeg runs. The gate remembers this verdict, so the
    // supervisor's first apply of the same configuration does not validate it again.
    var verdict = app.Services.GetRequiredService<ConfigurationGate>()
        .Judge(app.Services.GetRequiredService<IOptionsMonitor<RelayOptions>>().CurrentValue);
    if (!verdict.Accepted)
    {
        Log.Fatal("{Problems}", verdict.Problems.ToMessage());
        return 2;
    }
    if (earlyStop.Requested)
    {
        return 0;
    }
    earlyStop.StopWith(app.Lifetime);
    app.MapRelayEndpoints();
    // Resolved before the run: the host disposes its services when it stops.
    var exitCode = app.Services.GetRequiredService<WorkerExitCode>();
    await app.RunAsync();
    // Non-zero when the worker stopped itself for a reason an orchestrator should see (CapabilityRecheck).
    return exitCode.Code;
}
catch (OperationCanceledException) when (app?.Lifetime.ApplicationStopping.IsCancellationRequested == true)
{
    // SIGTERM while Kestrel was still binding: a requested stop, not a failure.
    return 0;
}
catch (IOException e) when (HttpBindFailure.Describe(e) is { } failure)
{
    // A port in use is an operator's everyday mistake: one line that says what to change, no stack trace.
    Log.Fatal("{Failure}", failure);
    return 3;
}
catch (Exception e) when (e is not HostAbortedException)
{
    Log.Fatal(e, "RelayWorker stopped unexpectedly");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
