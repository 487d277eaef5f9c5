using Serilog.Events;
using Serilog.Formatting;
using RelayWorker.Redaction;

namespace RelayWorker.Logging;

/// <summary>
/// The last line of defence: every rendered log line, from any component, passes through the
/// redactor before it reaches the console, so a secret logged by a library is still masked.
/// </summary>
internal sealed class RedactingFormatter(ITextFormatter inner, RedactionState redaction) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new StringWriter();
        inner.Format(logEvent, buffer);
        output.Write(SecretRedactor.RedactText(buffer.ToString(), redaction.KnownSecrets));
    }
}
