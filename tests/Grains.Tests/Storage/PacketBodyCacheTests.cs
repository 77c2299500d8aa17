using System.Security.Cryptography;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Storage;

public sealed class PacketBodyCacheTests
{
    [Fact]
    public void A_body_is_found_by_the_hash_of_its_bytes_and_the_first_array_held_is_the_one_shared()
    {
        var cache = new PacketBodyCache(1_000);
        var body = TestData.Bytes(100);
        cache.Add(SHA256.HashData(body), body);
        cache.Add(SHA256.HashData(body), body.ToArray());

        Assert.True(cache.TryGet(SHA256.HashData(body), out var held));
        Assert.Same(body, held);
        Assert.Equal(100, cache.Bytes);
        Assert.False(cache.TryGet(SHA256.HashData(TestData.Bytes(100)), out _));
    }

    [Fact]
    public void A_flood_of_distinct_bodies_keeps_the_cache_within_its_bound_and_the_newest_bodies_held()
    {
        // A sender spraying distinct packets cannot make the silo hold more than the bound.
        var cache = new PacketBodyCache(1_000);
        var bodies = Enumerable.Range(0, 50).Select(_ => TestData.Bytes(300)).ToArray();
        foreach (var body in bodies)
        {
            cache.Add(SHA256.HashData(body), body);
            Assert.InRange(cache.Bytes, 0, 1_000);
        }

        Assert.Equal(900, cache.Bytes);
        Assert.All(bodies[..^3], body => Assert.False(cache.TryGet(SHA256.HashData(body), out _)));
        Assert.All(bodies[^3..], body => Assert.True(cache.TryGet(SHA256.HashData(body), out _)));

        // A body larger than the whole bound is not held (and evicts nothing).
        var huge = TestData.Bytes(1_001);
        cache.Add(SHA256.HashData(huge), huge);
        Assert.False(cache.TryGet(SHA256.HashData(huge), out _));
        Assert.Equal(900, cache.Bytes);
    }
}
