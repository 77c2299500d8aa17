using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Testing.Protocol;

namespace Wickr.Cluster.Silo.Tests.Storage.AzureTables;

public sealed class AzureTableEphemeralKeyStoreTests(AzureStorageFixture fixture) : IClassFixture<AzureStorageFixture>
{
    [Fact]
    public async Task Keys_are_listed_in_ascending_id_order()
    {
        var store = fixture.EphemeralKeyStore();
        var node = AzureStorageFixture.NewNodeId();

        await store.AddAsync(node, [Key(ulong.MaxValue), Key(10), Key(2)]);
        await store.AddAsync(node, [Key(5)]);

        var keys = await store.ListAsync(node);
        Assert.Equal([2UL, 5, 10, ulong.MaxValue], keys.Select(k => k.KeyId));
        Assert.Equal(Key(10).PublicKey, keys[2].PublicKey);
        Assert.Equal(Key(10).Signature, keys[2].Signature);
    }

    [Fact]
    public async Task A_batch_with_a_stored_id_adds_nothing()
    {
        var store = fixture.EphemeralKeyStore();
        var node = AzureStorageFixture.NewNodeId();
        await store.AddAsync(node, [Key(1)]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddAsync(node, [Key(2), Key(1), Key(3)]));

        Assert.Equal([1UL], (await store.ListAsync(node)).Select(k => k.KeyId));
    }

    [Fact]
    public async Task Bad_batches_are_refused_before_anything_is_written()
    {
        var store = fixture.EphemeralKeyStore();
        var node = AzureStorageFixture.NewNodeId();

        await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync(node, Enumerable.Range(1, 101).Select(i => Key((ulong)i)).ToList()));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync(node, [Key(1), Key(1)]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync(node, [new EphemeralKeyRecord(1, null!, new byte[143])]));

        Assert.Empty(await store.ListAsync(node));
        await store.AddAsync(node, Enumerable.Range(1, 100).Select(i => Key((ulong)i)).ToList());
        Assert.Equal(100, (await store.ListAsync(node)).Count);
    }

    [Fact]
    public async Task A_key_is_removed_for_exactly_one_of_many_racing_claimers()
    {
        var node = AzureStorageFixture.NewNodeId();
        var keys = Enumerable.Range(1, 10).Select(i => Key((ulong)i)).ToList();
        await fixture.EphemeralKeyStore().AddAsync(node, keys);

        // Separate store instances stand for activations of the pool grain on different silos.
        var claimers = Enumerable.Range(0, 4).Select(_ => fixture.EphemeralKeyStore()).ToList();
        foreach (var key in keys)
        {
            var wins = await Task.WhenAll(claimers.Select(c => c.TryRemoveAsync(node, key.KeyId)));
            Assert.Single(wins, won => won);
        }

        Assert.Empty(await fixture.EphemeralKeyStore().ListAsync(node));
        Assert.False(await fixture.EphemeralKeyStore().TryRemoveAsync(node, 1));
    }

    [Fact]
    public async Task Delete_all_removes_one_node_s_keys_only()
    {
        var store = fixture.EphemeralKeyStore();
        var node = AzureStorageFixture.NewNodeId();
        var other = AzureStorageFixture.NewNodeId();
        await store.AddAsync(node, Enumerable.Range(1, 100).Select(i => Key((ulong)i)).ToList());
        await store.AddAsync(node, Enumerable.Range(101, 30).Select(i => Key((ulong)i)).ToList());
        await store.AddAsync(other, [Key(1)]);

        await store.DeleteAllAsync(node);

        Assert.Empty(await store.ListAsync(node));
        Assert.Single(await store.ListAsync(other));
    }

    private static EphemeralKeyRecord Key(ulong id)
    {
        var random = new Random(unchecked((int)id));
        var publicKey = TestPoints.PublicKey(random);
        var signature = new byte[143];
        random.NextBytes(signature);
        return new EphemeralKeyRecord(id, publicKey, signature);
    }
}
