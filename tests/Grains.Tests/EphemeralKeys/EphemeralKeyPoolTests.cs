using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Tests.Fixtures;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Grains.Tests.EphemeralKeys;

public abstract class EphemeralKeyPoolTests<TFixture>(TFixture fixture)
    where TFixture : ClusterFixture
{
    private static readonly EphemeralKeyPoolOptions Defaults = new();

    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task Each_uploaded_key_is_claimed_once_in_id_order_and_the_count_is_exact()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        var uploaded = TestData.EphemeralKeys(1, 10);
        var status = await node.Pool.UploadAsync(uploaded);
        Assert.Equal(10, status.Count);
        Assert.Equal(10UL, status.HighestKeyId);
        Assert.Equal(Defaults.MaxKeys, status.Capacity);

        var claimer = TestData.NodeId();
        for (var i = 0; i < 10; i++)
        {
            var claimed = await node.Pool.ClaimAsync(claimer);
            Assert.False(claimed.IsLastResort);
            Assert.Equal(uploaded[i].KeyId, claimed.Key.KeyId);
            Assert.Equal(uploaded[i].PublicKey, claimed.Key.PublicKey);
            Assert.Equal(uploaded[i].Signature, claimed.Key.Signature);
            Assert.Equal(10 - i - 1, (await node.Pool.GetStatusAsync()).Count);
        }

        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => node.Pool.ClaimAsync(claimer));
        Assert.Empty(await fixture.SiloService<IEphemeralKeyStore>().ListAsync(node.GrainKey));
    }

    [Fact]
    public async Task Key_ids_must_increase_across_uploads_within_a_batch_and_after_the_pool_empties()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        await node.Pool.UploadAsync(TestData.EphemeralKeys(5, 2));

        await ClusterAssert.FailsWith(ClusterErrorCode.KeyIdNotIncreasing, () => node.Pool.UploadAsync(TestData.EphemeralKeys(6, 2)));
        await ClusterAssert.FailsWith(ClusterErrorCode.KeyIdNotIncreasing, () => node.Pool.UploadAsync(TestData.EphemeralKeys(1, 1)));
        await ClusterAssert.FailsWith(ClusterErrorCode.KeyIdNotIncreasing,
            () => node.Pool.UploadAsync([TestData.EphemeralKey(8), TestData.EphemeralKey(7)]));
        await ClusterAssert.FailsWith(ClusterErrorCode.KeyIdNotIncreasing,
            () => node.Pool.UploadAsync([TestData.EphemeralKey(9), TestData.EphemeralKey(9)]));
        var status = await node.Pool.GetStatusAsync();
        Assert.Equal(2, status.Count);
        Assert.Equal(6UL, status.HighestKeyId);

        var claimer = TestData.NodeId();
        await node.Pool.ClaimAsync(claimer);
        await node.Pool.ClaimAsync(claimer);
        await ClusterAssert.FailsWith(ClusterErrorCode.KeyIdNotIncreasing, () => node.Pool.UploadAsync(TestData.EphemeralKeys(6, 1)));

        await fixture.Cluster.DeactivateAsync(node.Pool);
        await ClusterAssert.FailsWith(ClusterErrorCode.KeyIdNotIncreasing, () => node.Pool.UploadAsync(TestData.EphemeralKeys(6, 1)));
        Assert.Equal(1, (await node.Pool.UploadAsync(TestData.EphemeralKeys(7, 1))).Count);

        await ClusterAssert.FailsWith(ClusterErrorCode.KeyIdNotIncreasing,
            () => node.Pool.UploadAsync([TestData.EphemeralKey(ulong.MaxValue), TestData.EphemeralKey(8)]));
        Assert.Equal(ulong.MaxValue, (await node.Pool.UploadAsync(TestData.EphemeralKeys(ulong.MaxValue, 1))).HighestKeyId);
    }

    [Fact]
    public async Task The_pool_cap_and_the_batch_cap_are_enforced_and_nothing_of_a_refused_batch_is_stored()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        await ClusterAssert.FailsWith(ClusterErrorCode.TooLarge,
            () => node.Pool.UploadAsync(TestData.EphemeralKeys(1, ProtocolLimits.MaxUploadKeys + 1)));

        ulong next = 1;
        for (var i = 0; i < Defaults.MaxKeys / ProtocolLimits.MaxUploadKeys; i++)
        {
            await node.Pool.UploadAsync(TestData.EphemeralKeys(next, ProtocolLimits.MaxUploadKeys));
            next += (ulong)ProtocolLimits.MaxUploadKeys;
        }

        await ClusterAssert.FailsWith(ClusterErrorCode.PoolFull, () => node.Pool.UploadAsync(TestData.EphemeralKeys(next, 1)));
        var status = await node.Pool.GetStatusAsync();
        Assert.Equal(Defaults.MaxKeys, status.Count);
        Assert.Equal(next - 1, status.HighestKeyId);
        Assert.Equal(Defaults.MaxKeys, (await fixture.SiloService<IEphemeralKeyStore>().ListAsync(node.GrainKey)).Count);

        // A claim makes room for one; the refused id was never taken, so it is still usable.
        await node.Pool.ClaimAsync(TestData.NodeId());
        Assert.Equal(Defaults.MaxKeys, (await node.Pool.UploadAsync(TestData.EphemeralKeys(next, 1))).Count);
    }

    [Fact]
    public async Task Malformed_keys_and_claims_are_refused_and_change_nothing()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        await node.Pool.UploadAsync(TestData.EphemeralKeys(1, 3));
        var badPrefix = TestData.EphemeralKey(10) with { PublicKey = TestData.Bytes(134) };
        badPrefix.PublicKey[0] = 0x05;
        EphemeralKeyRecord[][] malformed =
        [
            [TestData.EphemeralKey(10) with { PublicKey = TestData.Bytes(133) }],
            [TestData.EphemeralKey(10) with { PublicKey = null! }],
            [badPrefix],
            [TestData.EphemeralKey(10) with { Signature = TestData.Bytes(144) }],
            [TestData.EphemeralKey(10), null!],
            [TestData.EphemeralKey(10), TestData.EphemeralKey(11) with { Signature = [] }],
            [],
        ];

        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => node.Pool.UploadAsync(null!));
        foreach (var batch in malformed)
        {
            await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => node.Pool.UploadAsync(batch));
        }

        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => node.Pool.SetLastResortKeyAsync(null!));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument,
            () => node.Pool.SetLastResortKeyAsync(TestData.EphemeralKey(10) with { Signature = TestData.Bytes(10) }));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => node.Pool.ClaimAsync(TestData.Bytes(ProtocolSizes.MaxRootIdentifier + 1)));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => node.Pool.ClaimAsync([]));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => node.Pool.ClaimAsync(null!));

        var status = await node.Pool.GetStatusAsync();
        Assert.Equal(3, status.Count);
        Assert.Equal(3UL, status.HighestKeyId);
        Assert.False(status.HasLastResortKey);
        Assert.Equal(3, (await fixture.SiloService<IEphemeralKeyStore>().ListAsync(node.GrainKey)).Count);
        Assert.Equal(4, (await node.Pool.UploadAsync(TestData.EphemeralKeys(4, 1))).Count);
    }

    [Fact]
    public async Task The_last_resort_key_is_handed_out_only_when_the_pool_is_empty_marked_and_replaceable()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        var claimer = TestData.NodeId();
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => node.Pool.ClaimAsync(claimer));
        await node.Pool.UploadAsync(TestData.EphemeralKeys(1, 2));
        var lastResort = TestData.EphemeralKey(100);
        await node.Pool.SetLastResortKeyAsync(lastResort);
        await node.Pool.SetLastResortKeyAsync(lastResort with { PublicKey = [.. lastResort.PublicKey] });
        Assert.True((await node.Pool.GetStatusAsync()).HasLastResortKey);

        Assert.Equal(1UL, (await node.Pool.ClaimAsync(claimer)).Key.KeyId);
        Assert.Equal(2UL, (await node.Pool.ClaimAsync(claimer)).Key.KeyId);
        for (var i = 0; i < 2; i++)
        {
            var claimed = await node.Pool.ClaimAsync(claimer);
            Assert.True(claimed.IsLastResort);
            Assert.Equal(lastResort.KeyId, claimed.Key.KeyId);
            Assert.Equal(lastResort.PublicKey, claimed.Key.PublicKey);
        }

        // Ids of the last-resort key share the node's increasing id space.
        await ClusterAssert.FailsWith(ClusterErrorCode.KeyIdNotIncreasing, () => node.Pool.SetLastResortKeyAsync(TestData.EphemeralKey(100)));
        await ClusterAssert.FailsWith(ClusterErrorCode.KeyIdNotIncreasing, () => node.Pool.UploadAsync(TestData.EphemeralKeys(50, 1)));
        var replacement = TestData.EphemeralKey(101);
        await node.Pool.SetLastResortKeyAsync(replacement);
        await fixture.Cluster.DeactivateAsync(node.Pool);
        var afterReplace = await node.Pool.ClaimAsync(claimer);
        Assert.True(afterReplace.IsLastResort);
        Assert.Equal(replacement.PublicKey, afterReplace.Key.PublicKey);

        // A one-time key again takes precedence over the last-resort key.
        await node.Pool.UploadAsync(TestData.EphemeralKeys(102, 1));
        Assert.False((await node.Pool.ClaimAsync(claimer)).IsLastResort);
        Assert.True((await node.Pool.ClaimAsync(claimer)).IsLastResort);
    }

    [Fact]
    public async Task Below_the_low_water_mark_the_owner_is_signalled_and_sees_the_flag_when_it_connects()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        var observer = new RecordingObserver();
        var reference = Client.CreateObjectReference<INodeObserver>(observer);
        try
        {
            await node.NodeGrain.SubscribeAsync(reference);
            Assert.True((await node.Pool.GetStatusAsync()).IsLow);
            await node.Pool.UploadAsync(TestData.EphemeralKeys(1, Defaults.LowWaterMark));
            await node.Pool.UploadAsync(TestData.EphemeralKeys((ulong)Defaults.LowWaterMark + 1, 1));
            Assert.False((await node.Pool.GetStatusAsync()).IsLow);

            var claimer = TestData.NodeId();
            await node.Pool.ClaimAsync(claimer);
            Assert.False((await node.Pool.GetStatusAsync()).IsLow);
            Assert.Empty(observer.Signals);

            await node.Pool.ClaimAsync(claimer);
            var signal = await observer.WaitForAsync(s => s.Kind == "pool-low");
            Assert.Equal((node.GrainKey, Defaults.LowWaterMark - 1L), (signal.NodeGrainKey, signal.Value));
            var status = await node.Pool.GetStatusAsync();
            Assert.True(status.IsLow);
            Assert.Equal(Defaults.LowWaterMark - 1, status.Count);

            // A further claim below the mark must not ring again until the node uploads (checked below, once a later
            // doorbell on the same path has arrived).
            await node.Pool.ClaimAsync(claimer);

            // The flag outlives the activations: a device connecting later still sees it.
            await fixture.Cluster.DeactivateAsync(node.Pool);
            await fixture.Cluster.DeactivateAsync(node.NodeGrain);
            status = await node.Pool.GetStatusAsync();
            Assert.True(status.IsLow);
            Assert.Equal(Defaults.LowWaterMark - 2, status.Count);

            await node.Pool.UploadAsync(TestData.EphemeralKeys(1000, 10));
            Assert.False((await node.Pool.GetStatusAsync()).IsLow);

            // One doorbell per dip: the next dip rings once more, and the doorbells heard by then are exactly the two
            // dips. A ring for the claim made below the mark would have travelled the same path (pool → node →
            // observer) before this one, so it cannot be merely late. The node's activation was replaced: subscribe again.
            await node.NodeGrain.SubscribeAsync(reference);
            while ((await node.Pool.GetStatusAsync()).Count >= Defaults.LowWaterMark)
            {
                await node.Pool.ClaimAsync(claimer);
            }
            var heard = await observer.WaitForCountAsync(s => s.Kind == "pool-low", 2);
            Assert.Equal([Defaults.LowWaterMark - 1L, Defaults.LowWaterMark - 1L], heard.Where(s => s.Kind == "pool-low").Select(s => s.Value));
        }
        finally
        {
            Client.DeleteObjectReference<INodeObserver>(reference);
        }
    }

    [Fact]
    public async Task Claims_are_rate_limited_per_claimer_and_pool()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        var other = await RegisteredNode.CreateAsync(Client);
        await node.Pool.UploadAsync(TestData.EphemeralKeys(1, 100));
        await other.Pool.UploadAsync(TestData.EphemeralKeys(1, 10));
        var greedy = TestData.NodeId();

        for (var i = 0; i < Defaults.ClaimBurst; i++)
        {
            await node.Pool.ClaimAsync(greedy);
        }

        await ClusterAssert.FailsWith(ClusterErrorCode.RateLimited, () => node.Pool.ClaimAsync(greedy));
        Assert.Equal(100 - Defaults.ClaimBurst, (await node.Pool.GetStatusAsync()).Count);
        Assert.False((await node.Pool.ClaimAsync(TestData.NodeId())).IsLastResort);
        Assert.False((await other.Pool.ClaimAsync(greedy)).IsLastResort);

        fixture.Time.Advance(Defaults.ClaimRefillInterval);
        await node.Pool.ClaimAsync(greedy);
        await ClusterAssert.FailsWith(ClusterErrorCode.RateLimited, () => node.Pool.ClaimAsync(greedy));
        Assert.Equal(100 - Defaults.ClaimBurst - 2, (await node.Pool.GetStatusAsync()).Count);
    }

    [Fact]
    public async Task A_pool_of_a_node_that_is_not_registered_is_closed()
    {
        var pool = Client.GetEphemeralKeyPoolGrain(TestData.NodeId());

        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => pool.UploadAsync(TestData.EphemeralKeys(1, 1)));
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => pool.SetLastResortKeyAsync(TestData.EphemeralKey(1)));
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => pool.ClaimAsync(TestData.NodeId()));
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => pool.GetStatusAsync());
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument,
            () => Client.GetGrain<IEphemeralKeyPoolGrain>("not-hex").GetStatusAsync());
    }

    [Fact]
    public async Task The_pool_survives_deactivation_and_claimed_keys_stay_claimed()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        await node.Pool.UploadAsync(TestData.EphemeralKeys(1, 10));
        var claimer = TestData.NodeId();
        for (var i = 0; i < 3; i++)
        {
            await node.Pool.ClaimAsync(claimer);
        }

        await fixture.Cluster.DeactivateAsync(node.Pool);

        var status = await node.Pool.GetStatusAsync();
        Assert.Equal(7, status.Count);
        Assert.Equal(10UL, status.HighestKeyId);
        Assert.Equal(4UL, (await node.Pool.ClaimAsync(claimer)).Key.KeyId);
    }
}
