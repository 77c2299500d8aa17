using Wickr.Cluster.Contracts;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Senders;

/// <summary>
/// A send as the gateway makes it, in one grain call: the sender's budget first, then every recipient's mailbox, each
/// recipient answered on its own.
/// </summary>
public sealed class SenderGrainTests(SqliteLimitsClusterFixture fixture) : IClassFixture<SqliteLimitsClusterFixture>
{
    private static readonly SenderOptions Send = new();

    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task A_send_queues_the_packet_for_every_recipient_and_reports_unknown_nodes_and_duplicates_per_node()
    {
        var alice = Sender.New();
        var bob = await RegisteredNode.CreateAsync(Client);
        var carol = await RegisteredNode.CreateAsync(Client);
        var madeUp = TestData.NodeId();
        var envelope = alice.Envelope("m-1", TestData.Packet());
        var sender = Client.GetSenderGrain(alice.RootIdentifier);

        var outcomes = await sender.SendAsync(envelope, [bob.Node.NodeId, madeUp, carol.Node.NodeId]);

        Assert.Equal(3, outcomes.Length);
        Assert.Null(outcomes[0].Failure);
        Assert.Equal(ClusterErrorCode.NotFound, Assert.IsType<ClusterException>(outcomes[1].Failure).Code);
        Assert.Null(outcomes[2].Failure);
        foreach (var node in new[] { bob, carol })
        {
            var queued = Assert.Single(await node.NodeGrain.ReadAsync(0, 10));
            Assert.Equal(envelope.Packet, queued.Envelope.Packet);
            Assert.Equal(alice.NodeIdentifier, queued.Envelope.SenderNodeIdentifier);
        }

        // A retry of the same message id stores nothing new and says so.
        var retry = await sender.SendAsync(envelope, [bob.Node.NodeId]);
        Assert.True(Assert.Single(retry).Duplicate);
        Assert.Single(await bob.NodeGrain.ReadAsync(0, 10));
    }

    [Fact]
    public async Task A_send_over_budget_queues_nothing_anywhere_and_says_when_to_retry()
    {
        var flooder = Sender.New();
        var victim = await RegisteredNode.CreateAsync(Client);
        var sender = Client.GetSenderGrain(flooder.RootIdentifier);
        await sender.AdmitAsync(flooder.NodeIdentifier, Send.NodeDeliveryBurst, Send.NodeDeliveryBurst);

        var refused = await ClusterAssert.FailsWith(ClusterErrorCode.RateLimited,
            () => sender.SendAsync(flooder.Envelope("over", TestData.Packet()), [victim.Node.NodeId]));

        Assert.NotNull(refused.RetryAfter);
        Assert.Empty(await victim.NodeGrain.ReadAsync(0, 10));
        var friend = Sender.New();
        var outcome = Assert.Single(await Client.GetSenderGrain(friend.RootIdentifier)
            .SendAsync(friend.Envelope("hi", TestData.Packet()), [victim.Node.NodeId]));
        Assert.Null(outcome.Failure);
    }

    [Fact]
    public async Task A_send_in_another_users_name_or_without_recipients_is_refused_before_any_mailbox()
    {
        var alice = Sender.New();
        var mallory = Sender.New();
        var victim = await RegisteredNode.CreateAsync(Client);
        var sender = Client.GetSenderGrain(alice.RootIdentifier);

        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument,
            () => sender.SendAsync(mallory.Envelope("spoof", TestData.Packet()), [victim.Node.NodeId]));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument,
            () => sender.SendAsync(alice.Envelope("none", TestData.Packet()), []));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument,
            () => sender.SendAsync(alice.Envelope("short", TestData.Packet()), [victim.Node.NodeId, new byte[5]]));

        Assert.Empty(await victim.NodeGrain.ReadAsync(0, 10));
    }
}
