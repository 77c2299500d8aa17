using Wickr.Cluster.ClientLib.Storage;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>Secondary keys survive restarts on both sides: the keys Alice handed Bob, and Bob's cache of them.</summary>
public sealed partial class CliProcessTests
{
    [Fact]
    public async Task Handed_out_secondary_keys_outlive_a_restart_of_both_devices()
    {
        var channel = fixture.Cluster.Channel;
        var options = new StoredDeviceOptions { PoolTargetSize = 3, StoreKdfLog2N = 10, Suite = fixture.Recorder };
        var alicePath = Path.Combine(_root, "alice-secondary", "device.db");
        var bobPath = Path.Combine(_root, "bob-secondary", "device.db");
        var aliceName = Unique("alice");
        var (alice, _) = await StoredDevice.InitAsync(channel, alicePath, aliceName, Testing.TestPassphrases.Strong, false, options);
        var bobName = Unique("bob");
        var (bob, _) = await StoredDevice.InitAsync(channel, bobPath, bobName, Testing.TestPassphrases.OtherStrong, false, options);
        await bob.Client.ConnectAsync();

        // Alice's message hands Bob's device some of her keys; Bob caches them. Then both devices stop.
        await alice.SendTextAsync(bobName, "here are some of my keys", 0, 0);
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await bob.Client.ReceiveAsync(wait.Token);
        }
        var handedOut = alice.Client.OwnSecondaryKeys.Count;
        Assert.True(handedOut > 0);
        Assert.True(bob.Client.PeerSecondaryKeys.CountFor(alice.Client.NodeIdentifierHex) > 0);
        await alice.DisposeAsync();
        await bob.DisposeAsync();

        // Both start again from their stores: Bob answers on one of Alice's keys (no claim), and Alice can open it.
        await using var alice2 = StoredDevice.Open(channel, alicePath, Testing.TestPassphrases.Strong, options);
        await using var bob2 = StoredDevice.Open(channel, bobPath, Testing.TestPassphrases.OtherStrong, options);
        Assert.Equal(handedOut, alice2.Client.OwnSecondaryKeys.Count);
        await alice2.Client.ConnectAsync();
        await bob2.SendTextAsync(aliceName, "answered on a handed-over key", 0, 0);
        Assert.Equal(1, bob2.Client.SecondaryKeysUsed);
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            var answer = await alice2.Client.ReceiveAsync(wait.Token);
            Assert.Equal("answered on a handed-over key", alice2.Store.Find(answer.Sequence)!.Text);
        }
        Assert.Equal(1, alice2.Client.SecondaryKeysRedeemed);
    }
}
