using RelayWorker.Redaction;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace RelayWorker.Logging;

/// <summary>Serilog to the console: readable text by default, one JSON object per line with LogFormat=json.</summary>
internal static class LoggingSetup
{
    private const string TextTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static ITextFormatter Formatter(IConfiguration configuration, RedactionState redaction)
    {
        var json = string.Equals(configuration["Relay:LogFormat"], "json", StringComparison.OrdinalIgnoreCase);
        ITextFormatter inner = json
            ? new RenderedCompactJsonFormatter()
            : new MessageTemplateTextFormatter(TextTemplate, System.Globalization.CultureInfo.InvariantCulture);
        return new RedactingFormatter(inner, redaction);
    }

    /// <summary>
    /// Logs problems that happen before the host is built (bad configuration) the same way. No secret of the
    /// configuration is known yet, so its redactor masks only what looks like a secret; validation messages
    /// never quote a URL.
    /// </summary>
    public static void CreateBootstrapLogger(IConfiguration configuration) =>
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Console(Formatter(configuration, new RedactionState()))
            .CreateBootstrapLogger();

    public static void Configure(LoggerConfiguration logger, IConfiguration configuration, RedactionState redaction) =>
        logger
            .MinimumLevel.Is(MinimumLevel(configuration["Logging:LogLevel:Default"]))
            // Request logs and routing chatter are noise for a relay; keep the lifetime messages.
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            // Every failing readiness probe would log an error; route state changes are logged by the supervisor.
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
            .Enrich.FromLogContext()
            // Program.cs reports a failed start itself, in one line for the usual causes (a port in use); the
            // host's own copy would repeat it with a stack trace.
            .Filter.ByExcluding(e => e.MessageTemplate.Text == "Hosting failed to start")
            .WriteTo.Console(Formatter(configuration, redaction));

    private static LogEventLevel MinimumLevel(string? configured) => configured?.ToUpperInvariant() switch
    {
        "TRACE" => LogEventLevel.Verbose,
        "DEBUG" => LogEventLevel.Debug,
        "WARNING" => LogEventLevel.Warning,
        "ERROR" => LogEventLevel.Error,
        "CRITICAL" => LogEventLevel.Fatal,
        _ => LogEventLevel.Information,
    };
}
