using System.Security.Cryptography;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Storage;

public sealed class PacketBodyCacheTests
{
    private const int Entry = PacketBodyCache.EntryOverhead;

    [Fact]
    public void A_body_is_found_by_the_hash_of_its_bytes_and_the_first_array_held_is_the_one_shared()
    {
        var cache = new PacketBodyCache(10_000);
        var body = TestData.Bytes(100);
        cache.Add(SHA256.HashData(body), body);
        cache.Add(SHA256.HashData(body), body.ToArray());

        Assert.True(cache.TryGet(SHA256.HashData(body), out var held));
        Assert.Same(body, held);
        Assert.Equal(100 + Entry, cache.Bytes);
        Assert.False(cache.TryGet(SHA256.HashData(TestData.Bytes(100)), out _));
    }

    [Fact]
    public void A_flood_of_distinct_bodies_keeps_the_cache_within_its_bound_and_the_newest_bodies_held()
    {
        // A sender spraying distinct packets cannot make the silo hold more than the bound.
        var bound = 3 * (300 + Entry);
        var cache = new PacketBodyCache(bound);
        var bodies = Enumerable.Range(0, 50).Select(_ => TestData.Bytes(300)).ToArray();
        foreach (var body in bodies)
        {
            cache.Add(SHA256.HashData(body), body);
            Assert.InRange(cache.Bytes, 0, bound);
        }

        Assert.Equal(bound, cache.Bytes);
        Assert.All(bodies[..^3], body => Assert.False(cache.TryGet(SHA256.HashData(body), out _)));
        Assert.All(bodies[^3..], body => Assert.True(cache.TryGet(SHA256.HashData(body), out _)));

        // A body larger than the whole bound is not held (and evicts nothing).
        var huge = TestData.Bytes(bound);
        cache.Add(SHA256.HashData(huge), huge);
        Assert.False(cache.TryGet(SHA256.HashData(huge), out _));
        Assert.Equal(bound, cache.Bytes);
    }

    [Fact]
    public void A_flood_of_one_byte_bodies_is_held_as_entries_the_bound_pays_for()
    {
        var cache = new PacketBodyCache(10 * (1 + Entry));
        for (var i = 0; i < 1_000; i++)
        {
            var body = TestData.Bytes(1);
            cache.Add(SHA256.HashData(body.Append((byte)(i % 256)).Append((byte)(i / 256)).ToArray()), body);
        }

        Assert.Equal(10 * (1 + Entry), cache.Bytes);
    }
}
