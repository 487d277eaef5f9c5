using RelayWorker.Sharding;

namespace RelayWorker.Tests.Sharding;

public sealed class RendezvousShardingTests
{
    // Replicas of different builds run side by side during a rolling update; if the hash ever changed,
    // they would disagree and a route could run twice or not at all. These owners were computed outside
    // .NET from the documented rule: SHA-256 of UTF-8 "NAME\0index" (name in invariant upper case), first
    // 8 bytes big-endian, highest weight wins.
    [Theory]
    [InlineData("cam1", 2, 0)]
    [InlineData("demo", 2, 1)]
    [InlineData("demo", 3, 1)]
    [InlineData("cam2", 4, 3)]
    [InlineData("studio-b", 5, 1)]
    [InlineData("lobby", 10, 4)]
    public void OwnerOf_PinnedNames_KeepTheirOwnerAcrossBuilds(string routeName, int replicas, int expectedOwner)
    {
        Assert.Equal(expectedOwner, RendezvousSharding.OwnerOf(routeName, replicas));
    }

    [Fact]
    public void OwnerOf_SingleReplica_OwnsEverything()
    {
        Assert.Equal(0, RendezvousSharding.OwnerOf("anything", 1));
        Assert.True(RendezvousSharding.Owns("anything", 0, 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void OwnerOf_CountBelowOne_Throws(int replicas)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RendezvousSharding.OwnerOf("cam1", replicas));
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(2, 2)]
    [InlineData(0, 0)]
    public void Owns_IndexOutsideTheReplicaSet_Throws(int index, int replicas)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RendezvousSharding.Owns("cam1", index, replicas));
    }

    [Fact]
    public void OwnerOf_NullName_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => RendezvousSharding.OwnerOf(null!, 2));
    }
}
