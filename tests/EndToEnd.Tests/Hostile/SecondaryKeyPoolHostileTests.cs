using Google.Protobuf;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Wickr.Cluster.EndToEnd.Tests.Hostile;

/// <summary>
/// The paper's pool-depletion attack through the real gateway and silo: a stranger drains Bob's public pool while Bob
/// is offline. A known contact who got secondary keys in Bob's earlier messages still encrypts to one-time keys (no
/// claim at all), and Bob decrypts everything; a sender Bob never wrote to gets the last-resort key.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SecondaryKeyPoolHostileTests(EmbeddedClusterFixture fixture, ITestOutputHelper output) : IClassFixture<EmbeddedClusterFixture>
{
    private const int PoolTarget = 12;

    [Fact]
    public Task A_drained_public_pool_leaves_known_contacts_on_one_time_keys() => fixture.RunAsync(output, async world =>
    {
        var bob = await world.UserAsync("bob", devices: 1, options: world.Options(poolTarget: PoolTarget));
        var alice = await world.UserAsync("alice", devices: 1);
        var carol = await world.UserAsync("carol", devices: 1);
        var eve = await world.UserAsync("eve", devices: 1);
        var share = new ClientLib.Pools.SecondaryKeyPolicy().KeysPerContact;

        // Bob writes to Alice once: her device now holds Bob's secondary keys.
        var hello = await bob[0].SendAsync(alice.Root, world.Text("hello alice"));
        Assert.True(hello.AllQueued, string.Join("; ", hello.Failures));
        Assert.Equal(hello.MessageId, (await alice[0].NextAsync()).MessageId);
        Assert.Equal(share, alice[0].PeerSecondaryKeys.CountFor(bob[0].NodeIdentifierHex));

        // Bob goes offline; Eve, a stranger, claims Bob's public pool down to the last-resort key.
        await bob[0].DisconnectAsync();
        var raw = new Raw(world.Cluster.Channel);
        var eveHeaders = Raw.Bearer(await eve[0].Session.TokenAsync(CancellationToken.None));
        var drained = 0;
        for (var i = 0; i < 10 * PoolTarget; i++)
        {
            var claim = new ClaimKeysRequest { NodeIdentifiers = { ByteString.CopyFrom(Convert.FromHexString(bob[0].NodeIdentifierHex)) } };
            var key = (await raw.Keys.ClaimKeysAsync(claim, eveHeaders)).Keys.Single();
            Assert.Equal(0, key.ErrorCode);
            if (key.LastResort)
            {
                break;
            }

            drained++;
        }

        Assert.True(drained >= PoolTarget, $"Eve drained {drained} one-time keys");

        // Alice, a known contact, sends without claiming; Carol, a stranger to Bob, gets the last-resort key.
        var fromAlice = new List<SendResult>();
        for (var i = 0; i <= share; i++)
        {
            fromAlice.Add(await alice[0].SendAsync(bob.Root, world.Text($"alice {i}")));
        }

        var fromCarol = await carol[0].SendAsync(bob.Root, world.Text("carol"));
        var aliceLastResort = fromAlice.Select(r => r.Deliveries.Single(d => d.NodeIdentifierHex == bob[0].NodeIdentifierHex).LastResortKey).ToList();
        Assert.All(fromAlice, r => Assert.True(r.AllQueued, string.Join("; ", r.Failures)));
        Assert.Equal([.. Enumerable.Repeat(false, share), true], aliceLastResort);
        Assert.True(fromCarol.Deliveries.Single().LastResortKey);
        Assert.Equal(share, alice[0].SecondaryKeysUsed);

        // Bob comes back and decrypts every one: the secondary ones with private halves that are then deleted.
        await bob[0].ConnectAsync();
        var received = await bob[0].TakeAsync(share + 2);
        Assert.Equal(fromAlice.Select(r => r.MessageId).Append(fromCarol.MessageId), received.Select(m => m.MessageId));
        Assert.Equal([.. aliceLastResort, true], received.Select(m => m.ViaLastResortKey));
        Assert.Equal(share, bob[0].SecondaryKeysRedeemed);
        Assert.Equal(0, bob[0].OwnSecondaryKeys.OutstandingFor(alice[0].NodeIdentifierHex));
        Assert.All(received, m => Assert.DoesNotContain("\0WCSK", m.Text(), StringComparison.Ordinal));

        world.Log($"pool drained by a stranger ({drained} one-time keys claimed); known contact Alice: {share} of {fromAlice.Count} sends on one-time (secondary) keys, "
            + $"{aliceLastResort.Count(l => l)} on the last-resort key; stranger Carol: 0 of 1 on one-time keys");

        // Bob replies: Alice is topped up again, and her next send needs no claim.
        var reply = await bob[0].SendAsync(alice.Root, world.Text("back"));
        Assert.True(reply.AllQueued);
        await alice[0].NextAsync();
        Assert.Equal(share, alice[0].PeerSecondaryKeys.CountFor(bob[0].NodeIdentifierHex));
        var again = await alice[0].SendAsync(bob.Root, world.Text("again"));
        Assert.False(again.Deliveries.Single().LastResortKey);
        Assert.False((await bob[0].NextAsync()).ViaLastResortKey);
    });
}
