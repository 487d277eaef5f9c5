namespace RelayWorker.Benchmarks.Cli;

/// <summary>A command line the program cannot run; Program prints the message and the usage, and exits 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
