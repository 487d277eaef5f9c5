namespace RelayWorker.IntegrationTests;

/// <summary>
/// The integration tests run in two lanes side by side, each one test at a time. <see cref="Waiting"/> holds the
/// tests that mostly wait on purpose (a minute of outage, twenty kills in a row, sources gone and back), so the rest
/// run meanwhile instead of after them; two lanes keep the load what a 2-core machine absorbs (about one worker and
/// a few ffmpegs each) without timing assertions becoming a matter of luck.
/// </summary>
public static class TestLanes
{
    public const string Main = "main lane";

    public const string Waiting = "waiting lane: tests that wait through outages";
}

[CollectionDefinition(TestLanes.Main)]
public sealed class MainLane;

[CollectionDefinition(TestLanes.Waiting)]
public sealed class WaitingLane;
