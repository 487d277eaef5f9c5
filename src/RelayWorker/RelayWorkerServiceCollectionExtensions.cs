using Microsoft.Extensions.Options;
using RelayWorker.Api;
using RelayWorker.Capabilities;
using RelayWorker.Configuration;
using RelayWorker.Control;
using RelayWorker.Console;
using RelayWorker.Health;
using RelayWorker.OpenApi;
using RelayWorker.Redaction;
using RelayWorker.Runs;
using RelayWorker.Status;
using RelayWorker.Supervision;
using RelayWorker.Telemetry;
using RelayWorker.Thumbnails;

namespace RelayWorker;

/// <summary>The composition root: one call per feature, so Program.cs stays short.</summary>
internal static class RelayWorkerServiceCollectionExtensions
{
    public static IServiceCollection AddRelayWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<WorkerExitCode>();
        // The secrets of the configuration in force, one set per host: parallel test hosts never share it.
        services.AddSingleton<RedactionState>();
        services.AddRelayConfiguration(configuration);
        services.AddRelaySupervision();
        services.AddRelayTelemetry();
        services.AddRelayHealth();
        services.AddRouteApiJson();
        services.AddRelayOpenApi();
        services.AddRelayConsole();
        return services;
    }

    private static IServiceCollection AddRelayConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IConfigureOptions<RelayOptions>>(new RelayOptionsSetup(configuration));
        services.AddSingleton<FfmpegBinaryCheck>();
        services.AddSingleton<ConfigurationGate>();
        services.AddHostedService<CapabilityRecheck>();
        services.AddSingleton<IOptionsChangeTokenSource<RelayOptions>>(new ConfigurationChangeTokenSource<RelayOptions>(configuration));
        // The host must outlive the children's graceful stop: StopTimeout for SIGINT, plus time to reap them.
        services.AddOptions<HostOptions>().Configure<IOptionsMonitor<RelayOptions>>((host, relay) =>
            host.ShutdownTimeout = relay.CurrentValue.StopTimeout + TimeSpan.FromSeconds(5));
        return services;
    }

    private static IServiceCollection AddRelaySupervision(this IServiceCollection services)
    {
        services.AddSingleton<RouteStatusRegistry>();
        services.AddSingleton<RunHistoryRegistry>();
        services.AddSingleton<RuntimeOverrides>();
        services.AddSingleton<SpawnThread>();
        services.AddSingleton(_ => new ProgressPipeReader());
        services.AddSingleton(_ => new StartAdmission(RelayDefaults.MaxStartingRoutes));
        services.AddSingleton(sp => new RestartSpread(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SupervisionTicker>();
        services.AddSingleton<IChildProcessLauncher, CliWrapChildLauncher>();
        services.AddSingleton<RouteRunner>();
        services.AddSingleton<RouteSupervisorFactory>();
        services.AddSingleton<RelaySupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<RelaySupervisor>());
        return services;
    }

    public static WebApplication MapRelayEndpoints(this WebApplication app)
    {
        app.MapRelayHealth();
        app.MapRelayMetrics();
        app.MapRouteApi();
        app.MapSystemApi();
        app.MapRunsApi();
        app.MapControlApi();
        app.MapThumbnailApi();
        app.MapRelayOpenApi();
        app.MapRelayConsole();
        return app;
    }
}
