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

    /// <summary>
    /// Writes <paramref name="keys"/> of <paramref name="node"/> as the previous release stored them, then opens the data
    /// as this release does (upgrading it) and returns that store.
    /// </summary>
    protected abstract Task<IEphemeralKeyStore> UpgradedFromPreviousReleaseAsync(string node, IReadOnlyList<EphemeralKeyRecord> keys);

    private static string NewNode() => GrainKeys.ForNode(TestData.NodeId());

    private static EphemeralKeyRecord Key(ulong id) => new(id, TestData.PublicKey(), TestData.Signature());

    // x = 1 (65 leading zero bytes) with its even and its odd y, and the base point G (x has a leading zero byte).
    private static readonly byte[][] EdgePoints =
    [
        Convert.FromHexString("0004" + new string('0', 130) + "01" + "0010e59be93c4f269c0269c79e2afd65d6aeaa9b701eacc194fb3ee03df47849bf550ec636ebee0ddd4a16f1cd9406605af38f584567770e3f272d688c832e843564"),
        Convert.FromHexString("0004" + new string('0', 130) + "01" + "01ef1a6416c3b0d963fd963861d5029a295155648fe1533e6b04c11fc20b87b640aaf139c91411f222b5e90e326bf99fa50c70a7ba9888f1c0d8d297737cd17bca9b"),
        Convert.FromHexString("0004"
            + "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66"
            + "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650"),
    ];

    private static EphemeralKeyRecord[] KeysToReadBack() =>
        [.. EdgePoints.Select((p, i) => new EphemeralKeyRecord((ulong)i + 1, p, TestData.Signature())), .. Enumerable.Range(4, 17).Select(i => Key((ulong)i))];

    private static void AssertSameBytes(IReadOnlyList<EphemeralKeyRecord> expected, IReadOnlyList<EphemeralKeyRecord> actual)
    {
        Assert.Equal(expected.Select(k => k.KeyId), actual.Select(k => k.KeyId));
        Assert.All(expected.Zip(actual), pair =>
        {
            Assert.Equal(pair.First.PublicKey, pair.Second.PublicKey);
            Assert.Equal(pair.First.Signature, pair.Second.Signature);
        });
    }

    [Fact]
    public async Task A_stored_key_reads_back_byte_exact()
    {
        var node = NewNode();
        var keys = KeysToReadBack();
        await Store.AddAsync(node, keys);

        AssertSameBytes(keys, await Store.ListAsync(node));
        AssertSameBytes(keys, await OtherSiloStore.ListAsync(node));
    }

    [Fact]
    public async Task A_key_that_is_not_a_curve_point_is_refused_and_nothing_of_its_batch_is_stored()
    {
        var node = NewNode();
        await Store.AddAsync(node, [Key(1)]);
        var offCurve = TestData.PublicKey();
        offCurve[^1] ^= 1;

        await Assert.ThrowsAsync<ArgumentException>(() => Store.AddAsync(node, [Key(2), new EphemeralKeyRecord(3, offCurve, TestData.Signature())]));

        Assert.Equal([1UL], (await Store.ListAsync(node)).Select(k => k.KeyId));
        Assert.True(await Store.TryRemoveAsync(node, 1));
    }

    [Fact]
    public async Task Keys_of_the_previous_release_read_back_byte_exact_after_the_upgrade_and_are_claimed_once()
    {
        var node = NewNode();
        // A row that is not a curve point (the previous release stored whatever it was given) keeps its bytes too.
        var offCurve = TestData.PublicKey();
        offCurve[^1] ^= 1;
        EphemeralKeyRecord[] keys = [.. KeysToReadBack(), new(21, offCurve, TestData.Signature())];

        var store = await UpgradedFromPreviousReleaseAsync(node, keys);

        AssertSameBytes(keys, await store.ListAsync(node));
        Assert.True(await store.TryRemoveAsync(node, 1));
        Assert.False(await store.TryRemoveAsync(node, 1));
        await store.AddAsync(node, [Key(100)]);
        Assert.Equal([.. keys.Skip(1).Select(k => k.KeyId), 100UL], (await store.ListAsync(node)).Select(k => k.KeyId));
    }

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
