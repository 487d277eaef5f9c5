using System.Text.Json;
using Microsoft.Extensions.Configuration.Json;

namespace RelayWorker.Configuration;

/// <summary>
/// A settings file that cannot be read, said in one line: the file, the line and position, and what happens
/// now. A half-written edit of appsettings.json while the worker runs is otherwise ignored without a word; the
/// reload is not applied (the routes keep running as they are) and the file is applied once it is valid again.
/// </summary>
internal static class SettingsFileErrors
{
    /// <summary>Reports every failed reload of the configuration's JSON files through <paramref name="report"/>.</summary>
    public static void ReportReloadFailures(IConfigurationBuilder configuration, Action<string> report)
    {
        foreach (var source in configuration.Sources.OfType<JsonConfigurationSource>())
        {
            // Not ignored: an ignored failure would publish the file's keys as gone and stop its routes.
            source.OnLoadException = context => report(Describe(context.Exception) + "; the change is not applied and the routes keep running as they are");
        }
    }

    /// <summary>"appsettings.json: line 4, position 12: …" from the exception a JSON source throws.</summary>
    public static string Describe(Exception exception)
    {
        // The JSON source wraps the parser's JsonException in a FormatException, and the file provider that in an
        // InvalidDataException naming the file.
        var json = Chain(exception).OfType<JsonException>().FirstOrDefault();
        var file = exception is InvalidDataException && exception.Message.LastIndexOf('\'') is var end and > 0
            && exception.Message.LastIndexOf('\'', end - 1) is var start and >= 0
            ? exception.Message[(start + 1)..end]
            : "the settings file";
        return json is { LineNumber: { } line, BytePositionInLine: { } position }
            ? $"Settings file {file} cannot be read: line {line + 1}, position {position + 1}: {FirstSentence(json.Message)}"
            : $"Settings file {file} cannot be read: {FirstSentence((json ?? exception.InnerException ?? exception).Message)}";
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static string FirstSentence(string message) =>
        message.IndexOf(". ", StringComparison.Ordinal) is var dot and > 0 ? message[..(dot + 1)] : message;
}
