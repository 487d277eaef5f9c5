using RelayWorker.Sharding;

namespace RelayWorker.Tests.Sharding;

public sealed class RendezvousShardingPropertyTests
{
    private const int MaxReplicas = 10;

    // A fixed seed keeps the property tests reproducible while still covering names nobody chose by hand.
    private static readonly IReadOnlyList<string> RouteNames = RandomRouteNames(seed: 20_240_601, count: 1000);

    public static TheoryData<int> ReplicaCounts()
    {
        var data = new TheoryData<int>();
        for (var count = 1; count <= MaxReplicas; count++)
        {
            data.Add(count);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ReplicaCounts))]
    public void Owns_EveryRoute_ExactlyOneReplicaOwnsIt(int replicas)
    {
        foreach (var name in RouteNames)
        {
            var owners = Enumerable.Range(0, replicas).Where(index => RendezvousSharding.Owns(name, index, replicas)).ToList();

            Assert.True(owners.Count == 1, $"'{name}' is owned by [{string.Join(", ", owners)}] of {replicas} replicas");
            Assert.Equal(RendezvousSharding.OwnerOf(name, replicas), owners[0]);
        }
    }

    [Theory]
    [MemberData(nameof(ReplicaCounts))]
    public void OwnerOf_RemovingTheLastReplica_MovesOnlyTheRoutesItOwned(int replicas)
    {
        if (replicas == 1)
        {
            return; // There is no smaller replica set to move to.
        }
        var removed = replicas - 1;

        foreach (var name in RouteNames)
        {
            var before = RendezvousSharding.OwnerOf(name, replicas);
            var after = RendezvousSharding.OwnerOf(name, replicas - 1);

            if (before != removed)
            {
                Assert.True(before == after, $"'{name}' moved from replica {before} to {after} when replica {removed} went away");
            }
        }
    }

    [Fact]
    public void OwnerOf_ThousandRoutesOverFourReplicas_SpreadsRoughlyEvenly()
    {
        const int Replicas = 4;

        var perReplica = RouteNames
            .GroupBy(name => RendezvousSharding.OwnerOf(name, Replicas))
            .ToDictionary(group => group.Key, group => group.Count());

        // 250 expected each; the binomial standard deviation is about 14, so ±60 fails only a biased hash.
        Assert.Equal(Replicas, perReplica.Count);
        Assert.All(perReplica, pair => Assert.InRange(pair.Value, 190, 310));
    }

    [Fact]
    public void OwnerOf_NamesDifferingOnlyInCase_HaveTheSameOwner()
    {
        foreach (var name in RouteNames.Take(200))
        {
            Assert.Equal(RendezvousSharding.OwnerOf(name, 7), RendezvousSharding.OwnerOf(name.ToUpperInvariant(), 7));
        }
    }

    private static List<string> RandomRouteNames(int seed, int count)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
        var random = new Random(seed);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (names.Count < count)
        {
            var length = random.Next(2, 17);
            var chars = new char[length];
            chars[0] = Alphabet[random.Next(26)]; // Names start with a letter, like route names in environment keys.
            for (var i = 1; i < length; i++)
            {
                chars[i] = Alphabet[random.Next(Alphabet.Length)];
            }
            names.Add(new string(chars));
        }
        return [.. names];
    }
}
