using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.EndToEnd.Tests.Harness;

namespace Wickr.Cluster.EndToEnd.Tests.Scenarios;

/// <summary>A message split over several packets: its packets go out side by side, with every node's outcome kept.</summary>
public sealed partial class EmbeddedClusterTests
{
    [Fact]
    public Task A_split_message_sends_its_packets_side_by_side_and_reports_every_node() => Run(async w =>
    {
        // Two nodes per packet: Bob's five devices go as three packets (2 + 2 + 1), all held until all three are in flight.
        var bob = await w.UserAsync("bob", 5);
        var gate = new SendPacketGate(together: 3);
        var alice = await SplittingSenderAsync(w, gate);

        var hello = w.Text("split hello");
        var sent = await alice.SendAsync(bob.Root, hello);

        Assert.True(gate.MetTogether, "the three packets of one message were not in flight together");
        Assert.Equal(3, gate.Calls);
        Assert.True(sent.AllQueued, string.Join("; ", sent.Failures));
        Assert.Equal(bob.Devices.Select(d => d.NodeIdentifierHex).Order(), sent.Deliveries.Select(d => d.NodeIdentifierHex).Order());
        foreach (var device in bob.Devices)
        {
            var received = await device.NextAsync();
            Assert.Equal(sent.MessageId, received.MessageId);
            Assert.Equal(hello.Body, received.Message.Body);
        }

        await Receiving.AssertNothingElseQueuedAsync(w, alice, [bob.Root], [.. bob.Devices]);
    });

    [Fact]
    public Task A_split_message_whose_packet_cannot_go_fails_as_a_whole_and_its_retry_stores_each_node_once() => Run(async w =>
    {
        var bob = await w.UserAsync("bob", 5);
        var gate = new SendPacketGate(together: 3);
        var alice = await SplittingSenderAsync(w, gate);

        // The gateway is unreachable for one packet (every attempt): the send fails as unreachable, so an outbox keeps
        // it, while the other packets were queued anyway.
        var held = bob.Devices.Select(d => d.NodeIdentifierHex).Order(StringComparer.Ordinal).First();
        gate.Unreachable.Add(held);
        var hello = w.Text("split retry");
        var messageId = Protocol.MessageId.New().Value;
        var failed = await Assert.ThrowsAsync<WickrClientException>(() => alice.SendAsync(bob.Root, hello, messageId));
        Assert.Equal(Grpc.Core.StatusCode.Unavailable, failed.StatusCode);
        Assert.True(gate.MetTogether);

        // The retry under the same id: the nodes that already hold it report a duplicate, the others take it now.
        lock (gate.Unreachable)
        {
            gate.Unreachable.Clear();
        }

        var retried = await alice.SendAsync(bob.Root, hello, messageId);
        Assert.True(retried.AllQueued, string.Join("; ", retried.Failures));
        Assert.Equal(5, retried.Deliveries.Count);
        Assert.Equal(DeliveryState.Queued, retried.Deliveries.Single(d => d.NodeIdentifierHex == held).State);
        Assert.Contains(retried.Deliveries, d => d.State == DeliveryState.Duplicate);
        foreach (var device in bob.Devices)
        {
            Assert.Equal(messageId, (await device.NextAsync()).MessageId);
        }

        // Each device got it once: the next thing on each is the fence.
        await Receiving.AssertNothingElseQueuedAsync(w, alice, [bob.Root], [.. bob.Devices]);
    });

    // A sending device of its own user, two recipient nodes per packet, every SendPacket call through the gate.
    private static async Task<WickrClient> SplittingSenderAsync(World w, SendPacketGate gate)
    {
        var options = new WickrClientOptions { Suite = w.Recorder, PoolTargetSize = 40, RecipientsPerPacket = 2, RetryDelay = TimeSpan.Zero };
        return (await w.UserAsync("alice", 1, connect: false, options, new InterceptedChannel(w.Cluster.Channel, gate)))[0];
    }
}
