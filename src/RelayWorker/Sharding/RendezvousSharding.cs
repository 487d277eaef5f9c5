using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RelayWorker.Sharding;

/// <summary>
/// Gives every route to exactly one of <c>shardCount</c> replicas by rendezvous (highest-random-weight)
/// hashing: each replica index scores the route, and the highest score owns it. Removing a replica only
/// moves the routes it owned, because every other route keeps its highest score.
/// </summary>
public static class RendezvousSharding
{
    /// <summary>The index in <c>[0, shardCount)</c> of the replica that owns <paramref name="routeName"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shardCount"/> is less than 1.</exception>
    public static int OwnerOf(string routeName, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(routeName);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        // One replica owns every route. No hash either: SHA-256's first use loads OpenSSL, 6 ms on the path to
        // the first ffmpeg of every unsharded start.
        if (shardCount == 1)
        {
            return 0;
        }

        // Route names are dictionary keys compared with OrdinalIgnoreCase, which compares the
        // invariant upper-case forms; hashing that form makes "Cam1" and "cam1" one route everywhere.
        var key = routeName.ToUpperInvariant();
        var owner = 0;
        var best = Weight(key, 0);
        for (var index = 1; index < shardCount; index++)
        {
            var weight = Weight(key, index);
            if (weight > best)
            {
                best = weight;
                owner = index;
            }
        }
        return owner;
    }

    /// <summary>Whether the replica <paramref name="shardIndex"/> of <paramref name="shardCount"/> owns the route.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is below 1 or the index is outside <c>[0, shardCount)</c>.</exception>
    public static bool Owns(string routeName, int shardIndex, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(shardIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shardIndex, shardCount);
        return OwnerOf(routeName, shardCount) == shardIndex;
    }

    // Replicas run in separate processes (and, during a rolling update, different builds), so the
    // weight must not depend on the process: string.GetHashCode is randomized per process. SHA-256
    // is stable everywhere, and its first 8 bytes are uniform enough that scores never favour an index.
    private static ulong Weight(string key, int index)
    {
        var input = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{key}\0{index}"));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
