using Wickr.Cluster.EndToEnd.Tests.Harness;

namespace Wickr.Cluster.EndToEnd.Tests.Scenarios;

/// <summary>Ephemeral key pools: depletion, replenishing, the last-resort key. The silo's low-water mark is 20.</summary>
public sealed partial class EmbeddedClusterTests
{
    [Fact]
    public Task Online_devices_replenish_their_pools_before_sends_can_drain_them() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 2, options: w.Options(poolTarget: 40));
        var published = bob.Devices.Select(d => d.KeysPublished).ToArray();
        Assert.All(published, p => Assert.Equal(40, p));

        // 100 sends claim 100 keys from each of Bob's pools of 40: they only last because Bob refills on "pool low".
        var sent = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var result = await alice[0].SendAsync(bob.Root, w.Text($"draining {i}"));
            Assert.True(result.AllQueued, string.Join("; ", result.Failures));
            Assert.DoesNotContain(result.Deliveries, d => d.LastResortKey);
            sent.Add(result.MessageId);
        }
        foreach (var device in bob.Devices)
        {
            Assert.True(device.KeysPublished >= 100, $"device published {device.KeysPublished} keys");
            var received = await device.TakeAsync(100);
            Assert.Equal(sent, received.Select(m => m.MessageId));
            Assert.DoesNotContain(received, m => m.ViaLastResortKey);
            var status = await device.GetPoolStatusAsync();
            Assert.True(status.Count > 0);
            Assert.True(status.HasLastResortKey);
        }
    });

    [Fact]
    public Task With_the_device_offline_the_pool_empties_senders_get_the_last_resort_key_and_the_device_still_decrypts() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 1, options: w.Options(poolTarget: 6));
        await bob[0].DisconnectAsync();

        var results = new List<ClientLib.Client.SendResult>();
        for (var i = 0; i < 10; i++)
        {
            var result = await alice[0].SendAsync(bob.Root, w.Text($"offline {i}"));
            Assert.True(result.AllQueued, string.Join("; ", result.Failures));
            results.Add(result);
        }
        var lastResort = results.Select(r => r.Deliveries.Single().LastResortKey).ToList();
        Assert.Equal([.. Enumerable.Repeat(false, 6), .. Enumerable.Repeat(true, 4)], lastResort);

        await bob[0].ConnectAsync();
        var received = await bob[0].TakeAsync(10);
        Assert.Equal(results.Select(r => r.MessageId), received.Select(m => m.MessageId));
        Assert.Equal(lastResort, received.Select(m => m.ViaLastResortKey));
        Assert.All(received, m => Assert.StartsWith("offline ", m.Text(), StringComparison.Ordinal));

        // Back online, the device refilled its pool: the next send gets a one-time key again.
        var status = await bob[0].GetPoolStatusAsync();
        Assert.Equal(6, status.Count);
        var after = await alice[0].SendAsync(bob.Root, w.Text("after refill"));
        Assert.False(after.Deliveries.Single().LastResortKey);
        Assert.False((await bob[0].NextAsync()).ViaLastResortKey);
    });
}
