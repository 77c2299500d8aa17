using Microsoft.Extensions.DependencyInjection;
using Wickr.Cluster.Grains.Interfaces;
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

        var outcome = await sender.SendAsync(envelope, [bob.Node.NodeId, madeUp, carol.Node.NodeId]);
        var outcomes = outcome.Deliveries;
        Assert.Equal(TimeSpan.Zero, outcome.RepeatAfter);

        Assert.Equal(3, outcomes.Length);
        Assert.Equal(new DeliveryOutcome(Duplicate: false), outcomes[0]);
        Assert.Equal(ClusterErrorCode.NotFound, outcomes[1].ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(outcomes[1].ErrorMessage));
        Assert.Equal(new DeliveryOutcome(Duplicate: false), outcomes[2]);
        foreach (var node in new[] { bob, carol })
        {
            var queued = Assert.Single(await node.NodeGrain.ReadAsync(0, 10));
            Assert.Equal(envelope.Packet, queued.Envelope.Packet);
            Assert.Equal(alice.NodeIdentifier, queued.Envelope.SenderNodeIdentifier);
        }

        // A retry of the same message id stores nothing new and says so.
        var retry = await sender.SendAsync(envelope, [bob.Node.NodeId]);
        Assert.True(Assert.Single(retry.Deliveries).Duplicate);
        Assert.Single(await bob.NodeGrain.ReadAsync(0, 10));
    }

    [Fact]
    public async Task A_send_over_budget_queues_nothing_anywhere_and_says_when_to_retry()
    {
        var flooder = Sender.New();
        var victim = await RegisteredNode.CreateAsync(Client);
        var sender = Client.GetSenderGrain(flooder.RootIdentifier);
        await sender.SpendAsync(flooder, Send.NodeDeliveryBurst);

        var refused = await ClusterAssert.FailsWith(ClusterErrorCode.RateLimited,
            () => sender.SendAsync(flooder.Envelope("over", TestData.Packet()), [victim.Node.NodeId]));

        Assert.NotNull(refused.RetryAfter);
        Assert.Empty(await victim.NodeGrain.ReadAsync(0, 10));
        var friend = Sender.New();
        var outcome = Assert.Single((await Client.GetSenderGrain(friend.RootIdentifier)
            .SendAsync(friend.Envelope("hi", TestData.Packet()), [victim.Node.NodeId])).Deliveries);
        Assert.Null(outcome.ErrorCode);
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

    [Fact]
    public async Task A_send_that_spends_the_budget_says_when_the_same_send_could_follow()
    {
        var sender = Sender.New();
        var victim = await RegisteredNode.CreateAsync(Client);
        var grain = Client.GetSenderGrain(sender.RootIdentifier);
        await grain.SpendAsync(sender, Send.NodeDeliveryBurst - 1);

        var last = await grain.SendAsync(sender.Envelope("last", TestData.Packet()), [victim.Node.NodeId]);

        Assert.Null(Assert.Single(last.Deliveries).ErrorCode);
        Assert.InRange(last.RepeatAfter, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(1 / Send.NodeDeliveriesPerSecond));
        var refused = await ClusterAssert.FailsWith(ClusterErrorCode.RateLimited,
            () => grain.SendAsync(sender.Envelope("next", TestData.Packet()), [victim.Node.NodeId]));
        Assert.Equal(last.RepeatAfter, refused.RetryAfter);
    }

    [Fact]
    public async Task A_small_send_earns_a_lease_only_when_the_budget_holds_it_on_top_and_the_lease_is_budget_taken()
    {
        var sender = Sender.New();
        var victim = await RegisteredNode.CreateAsync(Client);
        var grain = Client.GetSenderGrain(sender.RootIdentifier);
        var spent = Send.NodeDeliveryBurst - (Send.LeaseDeliveries + 2);
        await grain.SpendAsync(sender, spent);

        var leased = await grain.SendAsync(sender.Envelope("leased", TestData.Packet()), [victim.Node.NodeId]);
        Assert.Equal(new SendLease(Send.LeaseDeliveries, Send.LeaseBytes, Send.LeaseLifetime), leased.Lease);

        // One delivery is left after the lease: the next send fits, but no second lease on top of it.
        var last = await grain.SendAsync(sender.Envelope("last", TestData.Packet()), [victim.Node.NodeId]);
        Assert.Null(last.Lease);
        Assert.True(last.RepeatAfter > TimeSpan.Zero);
        await ClusterAssert.FailsWith(ClusterErrorCode.RateLimited,
            () => grain.SendAsync(sender.Envelope("over", TestData.Packet()), [victim.Node.NodeId]));
        Assert.Equal(2, (await victim.NodeGrain.ReadAsync(0, 10)).Length);
    }

    [Fact]
    public async Task A_send_to_more_nodes_than_a_lease_may_pay_for_earns_no_lease()
    {
        var sender = Sender.New();
        var recipients = Enumerable.Range(0, SendLease.MaxRecipients + 1).Select(_ => TestData.NodeId()).ToArray();
        var grain = Client.GetSenderGrain(sender.RootIdentifier);

        var wide = await grain.SendAsync(sender.Envelope("wide", TestData.Packet()), recipients);
        var narrow = await grain.SendAsync(sender.Envelope("narrow", TestData.Packet()), recipients[..SendLease.MaxRecipients]);

        Assert.Null(wide.Lease);
        Assert.NotNull(narrow.Lease);
    }

    [Fact]
    public async Task A_sender_grain_lives_on_the_silo_its_first_send_arrived_at()
    {
        // A gateway routes all calls for one grain through one silo; the sender grain activates there, so a send
        // crosses silos only to reach the mailboxes. Sends arrive here from each silo in turn, as from two gateways.
        var silos = fixture.Cluster.GetActiveSilos().ToArray();
        var recipient = await RegisteredNode.CreateAsync(Client);
        var expected = new Dictionary<GrainId, SiloAddress>();
        for (var i = 0; i < 16; i++)
        {
            var silo = silos[i % silos.Length];
            var sender = Sender.New();
            var grain = silo.ServiceProvider.GetRequiredService<IGrainFactory>().GetSenderGrain(sender.RootIdentifier);
            await grain.SendAsync(sender.Envelope($"placed-{i}", TestData.Packet()), [recipient.Node.NodeId]);
            expected[grain.GetGrainId()] = silo.SiloAddress;
        }

        var activations = await Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var placed = activations.Where(a => expected.ContainsKey(a.GrainId)).ToDictionary(a => a.GrainId, a => a.SiloAddress);
        Assert.Equal(expected.Count, placed.Count);
        Assert.All(expected, e => Assert.Equal(e.Value, placed[e.Key]));
        Assert.Equal(16, (await recipient.NodeGrain.ReadAsync(0, 100)).Length);
    }
}
