using RelayWorker.Benchmarks.Cli;
using RelayWorker.Benchmarks.Ladder;
using RelayWorker.Benchmarks.Relay;
using RelayWorker.Benchmarks.Reporting;
using RelayWorker.Benchmarks.Soak;

// Benchmarks and the soak: measurements printed as Markdown tables, never pass/fail assertions.
// Everything runs on 127.0.0.1, every loop is bounded, and every process started here is stopped by its PID.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage.Text);
    return args.Length == 0 ? 2 : 0;
}

Func<CommandOptions, Task<int>>? command = args[0] switch
{
    "ladder" => LadderBenchmark.RunAsync,
    "supervision" => SupervisionBenchmark.RunAsync,
    "restart-latency" => RestartLatencyBenchmark.RunAsync,
    "startup" => StartupBenchmark.RunAsync,
    "outage" => OutageBenchmark.RunAsync,
    "soak" => SoakCommand.RunAsync,
    "first-frame" => FirstFrameBenchmark.RunAsync,
    "latency" => LatencyBenchmark.RunAsync,
    "many-routes" => ManyRoutesBenchmark.RunAsync,
    "restart-churn" => RestartChurnCommand.RunAsync,
    "continuity-soak" => ContinuitySoakCommand.RunAsync,
    "continuity-cost" => ContinuityCostBenchmark.RunAsync,
    _ => null,
};
if (command is null)
{
    Console.Error.WriteLine($"unknown command '{args[0]}'\n\n{Usage.Text}");
    return 2;
}

try
{
    var options = CommandOptions.Parse(args[1..]);
    Console.WriteLine($"$ dotnet run -c Release --project tests/RelayWorker.Benchmarks -- {string.Join(' ', args)}");
    Console.WriteLine(MachineFacts.Describe());
    Console.WriteLine();
    return await command(options);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"{e.Message}\n\n{Usage.Text}");
    return 2;
}
