namespace RelayWorker.Runs;

/// <summary>One ended run of one process of a route, as <c>GET /api/routes/{name}/runs</c> shows it.</summary>
internal sealed record RunRecord(
    string Process,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    double DurationSeconds,
    double? MediaSeconds,
    int? ExitCode,
    string? Signal,
    string Cause,
    IReadOnlyList<string> LastLines);
