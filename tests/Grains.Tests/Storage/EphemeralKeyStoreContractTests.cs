using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Storage;

/// <summary>What every <see cref="IEphemeralKeyStore"/> must do; a backend derives and supplies two stores on one backend.</summary>
public abstract class EphemeralKeyStoreContractTests
{
    protected abstract IEphemeralKeyStore Store { get; }

    /// <summary>A second store on the same data, as another silo holds.</summary>
    protected abstract IEphemeralKeyStore OtherSiloStore { get; }

    private static string NewNode() => GrainKeys.ForNode(TestData.NodeId());

    private static EphemeralKeyRecord Key(ulong id) => new(id, TestData.PublicKey(), TestData.Signature());

    [Fact]
    public async Task Keys_are_listed_in_id_order_over_the_whole_ulong_range()
    {
        var node = NewNode();
        var keys = new[] { Key(1), Key(long.MaxValue), Key((ulong)long.MaxValue + 1), Key(ulong.MaxValue) };
        await Store.AddAsync(node, keys);

        var listed = await Store.ListAsync(node);
        Assert.Equal(keys.Select(k => k.KeyId), listed.Select(k => k.KeyId));
        Assert.Equal(keys[3].PublicKey, listed[3].PublicKey);
        Assert.Equal(keys[3].Signature, listed[3].Signature);
        Assert.Empty(await Store.ListAsync(NewNode()));
    }

    [Fact]
    public async Task A_batch_is_added_whole_or_not_at_all()
    {
        var node = NewNode();
        await Store.AddAsync(node, [Key(2)]);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.AddAsync(node, [Key(1), Key(2), Key(3)]));
        Assert.Equal([2UL], (await Store.ListAsync(node)).Select(k => k.KeyId));
    }

    [Fact]
    public async Task A_key_is_removed_once()
    {
        var node = NewNode();
        await Store.AddAsync(node, [Key(1), Key(2)]);

        Assert.True(await Store.TryRemoveAsync(node, 1));
        Assert.False(await Store.TryRemoveAsync(node, 1));
        Assert.False(await OtherSiloStore.TryRemoveAsync(node, 1));
        Assert.False(await Store.TryRemoveAsync(node, 3));
        Assert.Equal([2UL], (await Store.ListAsync(node)).Select(k => k.KeyId));
    }

    [Fact]
    public async Task Racing_removals_from_two_silos_give_each_key_to_exactly_one()
    {
        var node = NewNode();
        var ids = Enumerable.Range(1, 100).Select(i => (ulong)i).ToArray();
        await Store.AddAsync(node, [.. ids.Select(Key)]);

        var attempts = ids.SelectMany(id => new[] { (id, Store), (id, OtherSiloStore), (id, Store) })
            .Select(a => Task.Run(async () => (a.id, Won: await a.Item2.TryRemoveAsync(node, a.id))));
        var results = await Task.WhenAll(attempts);

        Assert.All(results.GroupBy(r => r.id), g => Assert.Single(g, r => r.Won));
        Assert.Empty(await Store.ListAsync(node));
    }

    [Fact]
    public async Task Delete_all_empties_one_node_only()
    {
        var node = NewNode();
        var other = NewNode();
        await Store.AddAsync(node, [Key(1), Key(2)]);
        await Store.AddAsync(other, [Key(1)]);

        await Store.DeleteAllAsync(node);

        Assert.Empty(await Store.ListAsync(node));
        Assert.Single(await OtherSiloStore.ListAsync(other));
    }
}
