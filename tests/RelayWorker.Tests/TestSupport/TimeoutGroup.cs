namespace RelayWorker.Tests.TestSupport;

/// <summary>
/// Tests that carry a <c>Timeout</c> run one at a time: xunit documents a test timeout as undefined behaviour when
/// tests run in parallel (the timer races with the other tests' work and can fire, or not, for the wrong reason).
/// The timeout stays because these tests await a supervisor driven by fake time; a bug there hangs rather than fails.
/// Tests that already sit in <see cref="RelayMeterGroup"/> are serialised by it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimeoutGroup
{
    public const string Name = "Tests with a timeout";
}
