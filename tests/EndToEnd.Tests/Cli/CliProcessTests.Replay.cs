using Google.Protobuf;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Storage;
using Wickr.Cluster.EndToEnd.Tests.Harness;

namespace Wickr.Cluster.EndToEnd.Tests.Cli;

/// <summary>
/// The server replays a packet encrypted to Bob's last-resort key (which is kept, so it would decrypt again) under a
/// new message id, after Bob's device restarted from its store: the persisted replay cache, keyed on the signed
/// packet, rejects it; Bob's device keeps working.
/// </summary>
public sealed partial class CliProcessTests
{
    [Fact]
    public async Task A_replayed_last_resort_packet_is_rejected_after_the_device_restarts_from_its_store()
    {
        var channel = fixture.Cluster.Channel;
        var options = new StoredDeviceOptions { PoolTargetSize = 3, StoreKdfLog2N = 10, Suite = fixture.Recorder };
        var bobPath = Path.Combine(_root, "bob-replay", "device.db");
        var (alice, _) = await StoredDevice.InitAsync(channel, Path.Combine(_root, "alice-replay", "device.db"), Unique("alice"), Testing.TestPassphrases.Strong, false, options);
        await using var _ = alice;
        var bobName = Unique("bob");
        var (bob, _) = await StoredDevice.InitAsync(channel, bobPath, bobName, Testing.TestPassphrases.OtherStrong, false, options);
        await bob.Client.ConnectAsync();
        await bob.Client.DisconnectAsync();
        var bobNode = ByteString.CopyFrom(Convert.FromHexString(bob.Client.NodeIdentifierHex));

        // Empty Bob's pool so the next sender gets his last-resort key.
        var raw = new Raw(channel);
        var aliceToken = await alice.Client.Session.TokenAsync(CancellationToken.None);
        var claim = new ClaimKeysRequest { NodeIdentifiers = { bobNode } };
        for (var i = 0; i < options.PoolTargetSize; i++)
        {
            Assert.False((await raw.Keys.ClaimKeysAsync(claim, Raw.Bearer(aliceToken))).Keys[0].LastResort);
        }
        var sent = await alice.SendTextAsync(bobName, "to the last-resort key", 0, 0);
        Assert.True(Assert.Single(sent.Deliveries).LastResortKey);

        // What the server holds (and could replay), then Bob takes it and restarts.
        var bobToken = await bob.Client.Session.TokenAsync(CancellationToken.None);
        var queued = Assert.Single((await raw.Messages.FetchPacketsAsync(new FetchPacketsRequest { MaxCount = 10 }, Raw.Bearer(bobToken))).Packets);
        await bob.Client.ConnectAsync();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            Assert.True((await bob.Client.ReceiveAsync(wait.Token)).ViaLastResortKey);
        }
        await bob.DisposeAsync();

        await using var restarted = StoredDevice.Open(channel, bobPath, Testing.TestPassphrases.OtherStrong, options);
        var rejected = new List<PacketRejectedEventArgs>();
        restarted.Client.PacketRejected += (_, e) => rejected.Add(e);
        var replay = new SendPacketRequest { MessageId = "replayed-" + Guid.NewGuid().ToString("N")[..8], Packet = queued.Packet, RecipientNodeIdentifiers = { bobNode } };
        var replayed = Assert.Single((await raw.Messages.SendPacketAsync(replay, Raw.Bearer(aliceToken))).Deliveries);
        Assert.Equal(0, replayed.ErrorCode);
        await restarted.Client.ConnectAsync();
        Assert.Contains(rejected, r => r.MessageId == replay.MessageId);
        Assert.Single(restarted.Store.List());

        // The victim still works: a new message from Alice arrives.
        await alice.SendTextAsync(bobName, "after the replay", 0, 0);
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            var next = await restarted.Client.ReceiveAsync(wait.Token);
            Assert.Equal(2, restarted.Store.List().Count);
            Assert.Contains(restarted.Store.List(), m => m.Text == "after the replay" && m.Sequence == next.Sequence);
        }
    }
}
