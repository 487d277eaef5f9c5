namespace RelayWorker.Benchmarks.Relay;

/// <summary>One SIGKILL: seconds from the kill to the replacement ffmpeg's appearance and to its first datagram at the sink.</summary>
internal sealed record KillMeasurement(string Target, int Kill, double? ReplacementSeconds, double? FirstMediaSeconds);
