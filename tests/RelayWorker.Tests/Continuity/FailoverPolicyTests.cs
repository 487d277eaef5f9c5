using RelayWorker.Continuity;

namespace RelayWorker.Tests.Continuity;

public sealed class FailoverPolicyTests
{
    private static readonly TimeSpan LossAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FailbackAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs the policy every 100 ms over a timeline; <paramref name="delivers"/> says, per source and second,
    /// whether it delivers then. Returns each switch as "at-second:to:reason".
    /// </summary>
    private static List<string> Run(int sources, bool slate, double seconds, Func<int, double, bool> delivers)
    {
        var policy = new FailoverPolicy(sources, slate, LossAfter, FailbackAfter, TimeSpan.Zero);
        var lastAdvance = new TimeSpan?[sources];
        var switches = new List<string>();
        for (var tenth = 0; tenth <= seconds * 10; tenth++)
        {
            var now = TimeSpan.FromSeconds(tenth / 10.0);
            for (var s = 0; s < sources; s++)
            {
                if (delivers(s, now.TotalSeconds))
                {
                    lastAdvance[s] = now;
                }
            }
            if (policy.Evaluate(now, lastAdvance) is { } decision)
            {
                switches.Add($"{now.TotalSeconds:0.0}:{policy.Name(decision.Input)}:{decision.Reason}{(decision.Seamless ? ":seamless" : "")}");
            }
        }
        return switches;
    }

    [Fact]
    public void PrimaryLost_FailsOverWithinLossAfterAndReturnsAfterFailbackAfter()
    {
        var switches = Run(2, slate: false, 30, (s, t) => s == 1 || t < 10 || t >= 15);

        // Lost at 10 s: the last advance was 9.9 s, so the loss shows at 11.0 s; back at 15 s, steady at 20 s.
        Assert.Equal(["0.0:primary:Start", "11.0:backup1:Loss", "20.0:primary:Failback:seamless"], switches);
    }

    [Fact]
    public void FlappingPrimary_NeverSwitchesBackWhileItFlaps()
    {
        // The primary delivers for 2 s, then not for 2 s, from 10 s to 40 s; steady again from 40 s.
        var switches = Run(2, slate: false, 50, (s, t) => s == 1 || t < 10 || t >= 40 || ((int)t / 2) % 2 == 0);

        Assert.Equal(["0.0:primary:Start", "11.0:backup1:Loss", "45.0:primary:Failback:seamless"], switches);
    }

    [Fact]
    public void AllSourcesLost_GoesToTheSlateAndLeavesItForTheFirstSteadySource()
    {
        var switches = Run(2, slate: true, 40, (s, t) => t < 10 || (s == 1 && t >= 20) || (s == 0 && t >= 30));

        Assert.Equal(
            ["0.0:primary:Start", "11.0:slate:Loss", "25.0:backup1:Recovered:seamless", "35.0:primary:Failback:seamless"],
            switches);
    }

    [Fact]
    public void BackupLost_FallsToTheNextInPriorityOrderEvenIfNotYetSteady()
    {
        // Primary dead from 5 s; backup1 dead from 20 s; the primary returns at 19 s (1 s before backup1 dies).
        var switches = Run(3, slate: true, 30, (s, t) => s switch { 0 => t < 5 || t >= 19, 1 => t < 20, _ => true });

        Assert.Equal(["0.0:primary:Start", "6.0:backup1:Loss", "21.0:primary:Loss"], switches);
    }

    [Fact]
    public void NothingDeliversAtStart_SlateAfterTheStartWait_NoSlateMeansWait()
    {
        Assert.Equal(["5.1:slate:Start", "12.0:primary:Recovered:seamless"], Run(1, slate: true, 15, (_, t) => t >= 7));
        Assert.Equal(["7.0:primary:Start"], Run(1, slate: false, 15, (_, t) => t >= 7));
    }

    [Fact]
    public void Start_WaitsFailbackAfterForThePrimaryBeforeTakingABackupThatAnsweredFirst()
    {
        Assert.Equal(["2.5:primary:Start"], Run(2, slate: true, 10, (s, t) => s == 1 || t >= 2.5));
        Assert.Equal(["5.1:backup1:Start"], Run(2, slate: true, 10, (s, _) => s == 1));
    }
}
