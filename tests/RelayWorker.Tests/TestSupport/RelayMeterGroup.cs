namespace RelayWorker.Tests.TestSupport;

/// <summary>
/// Tests that create the "RelayWorker" meter run one at a time. An OpenTelemetry MeterProvider subscribes
/// to meters by name across the whole process, whatever IMeterFactory created them, so two in-process hosts
/// running side by side would export (or drop as duplicates) each other's instruments.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RelayMeterGroup
{
    public const string Name = "RelayWorker meter";
}
