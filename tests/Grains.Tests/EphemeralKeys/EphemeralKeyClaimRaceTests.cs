using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.EphemeralKeys;

public abstract class EphemeralKeyClaimRaceTests<TFixture>(TFixture fixture)
    where TFixture : ClusterFixture
{
    [Fact]
    public async Task A_thousand_racing_claims_on_500_keys_hand_out_each_key_once_then_the_last_resort_key()
    {
        var node = await RegisteredNode.CreateAsync(fixture.Client);
        for (ulong first = 1; first <= 500; first += 100)
        {
            await node.Pool.UploadAsync(TestData.EphemeralKeys(first, 100));
        }

        var lastResort = TestData.EphemeralKey(1_000);
        await node.Pool.SetLastResortKeyAsync(lastResort);
        var claimers = Enumerable.Range(0, 200).Select(_ => TestData.NodeId()).ToArray();

        var claims = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => node.Pool.ClaimAsync(claimers[i % claimers.Length])));

        var oneTime = claims.Where(c => !c.IsLastResort).Select(c => c.Key.KeyId).ToList();
        Assert.Equal(500, oneTime.Count);
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (ulong)i), oneTime.Order());
        var handedOutLastResort = claims.Where(c => c.IsLastResort).ToList();
        Assert.Equal(500, handedOutLastResort.Count);
        Assert.All(handedOutLastResort, c => Assert.Equal(lastResort.PublicKey, c.Key.PublicKey));

        Assert.Equal(0, (await node.Pool.GetStatusAsync()).Count);
        Assert.Empty(await fixture.SiloService<IEphemeralKeyStore>().ListAsync(node.GrainKey));
    }
}
