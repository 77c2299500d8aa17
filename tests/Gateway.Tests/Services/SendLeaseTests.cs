extern alias gateway;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using gateway::Wickr.Cluster.Gateway.Metrics;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Grains;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Gateway.Tests.Services;

/// <summary>
/// Send leases: budget the sender grain took ahead lets a gateway queue a node's next small sends itself, without the
/// sender grain. A flooder gains nothing by them: its sends stop where its budget ends, on one gateway or on several.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SendLeaseTests(GatewayFixture fixture)
{
    private static readonly SenderOptions Send = new();

    // The budget a flood starts with: three leases and their sends, and a remainder too small for a fourth lease.
    private static readonly int Left = 3 * (Send.LeaseDeliveries + 1) + 5;

    private TestClients Clients => fixture.Clients;

    [Fact]
    public async Task A_flood_of_one_recipient_sends_rides_on_leases_and_still_stops_exactly_where_its_budget_ends()
    {
        var flooder = await Clients.NewDeviceAsync();
        var victim = await Clients.NewDeviceAsync();
        await SpendAllButAsync(flooder, Left);
        using var leased = new LeasedSends(fixture);

        var sent = await FloodAsync(flooder, victim, [Clients.Messages]);

        Assert.Equal(Left, sent);
        Assert.Equal(3 * Send.LeaseDeliveries, leased.Count);
        Assert.Equal(Left, await Clients.CountQueuedAsync(victim));

        // The victim still hears from others.
        var friend = await Clients.NewDeviceAsync();
        Assert.Equal(0, (await Clients.SendAsync(friend, victim, "hello")).Deliveries[0].ErrorCode);
    }

    [Fact]
    public async Task A_flood_spread_over_two_gateways_holds_a_lease_on_each_and_still_stops_where_its_budget_ends()
    {
        var flooder = await Clients.NewDeviceAsync();
        var victim = await Clients.NewDeviceAsync();
        await SpendAllButAsync(flooder, Left);
        await using var second = await GatewayHost.StartAsync(fixture.Client, fixture.Time, GatewayHost.Settings(fixture.TokenSecret));

        var sent = await FloodAsync(flooder, victim, [Clients.Messages, new Messages.MessagesClient(second.Channel)]);

        Assert.Equal(Left, sent);
        Assert.Equal(Left, await Clients.CountQueuedAsync(victim));
    }

    [Fact]
    public async Task Concurrent_sends_of_one_node_pool_the_leases_they_bring_back_and_spend_the_whole_budget()
    {
        var flooder = await Clients.NewDeviceAsync();
        var victim = await Clients.NewDeviceAsync();
        await SpendAllButAsync(flooder, Left);

        var sent = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => FloodAsync(flooder, victim, [Clients.Messages], $"w{worker}")));

        Assert.Equal(Left, sent.Sum());
        Assert.Equal(Left, await Clients.CountQueuedAsync(victim));
    }

    [Fact]
    public async Task A_refusal_given_while_a_lease_lives_does_not_strand_the_sends_the_lease_paid_for()
    {
        var sender = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        var wide = SendLease.MaxRecipients + 1;
        await SpendAllButAsync(sender, 1 + Send.LeaseDeliveries + wide);
        await Clients.SendAsync(sender, bob, "earns-the-lease");

        // Too wide for the lease: the sender grain takes the rest of the budget and says the next such send must wait.
        var request = new SendPacketRequest { MessageId = "wide", Packet = ByteString.CopyFrom(sender.PacketTo(bob)) };
        request.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(bob.NodeIdentifier));
        request.RecipientNodeIdentifiers.AddRange(Enumerable.Range(1, wide - 1).Select(_ => ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32))));
        await Clients.Messages.SendPacketAsync(request, sender.Headers);

        // Another wide send is refused at the door, before its signature is checked (a forged packet gets the same
        // answer): the lease is no way past a refusal for sends it cannot pay for.
        var forged = request.Clone();
        forged.MessageId = "wide-forged";
        forged.Packet = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(request.Packet.Length));
        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, "", () => Clients.Messages.SendPacketAsync(forged, sender.Headers));
        var sent = await FloodAsync(sender, bob, [Clients.Messages]);

        Assert.Equal(Send.LeaseDeliveries, sent);
    }

    [Fact]
    public async Task A_send_refused_for_its_signature_or_its_form_costs_the_lease_nothing()
    {
        var sender = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        await SpendAllButAsync(sender, 1 + Send.LeaseDeliveries);
        await Clients.SendAsync(sender, bob, "earns-the-lease");

        var forged = new SendPacketRequest { MessageId = "forged", Packet = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(200)) };
        forged.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(bob.NodeIdentifier));
        var badId = new SendPacketRequest { MessageId = "not an id", Packet = ByteString.CopyFrom(sender.PacketTo(bob)) };
        badId.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(bob.NodeIdentifier));
        for (var i = 0; i < 3; i++)
        {
            await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "packet:", () => Clients.Messages.SendPacketAsync(forged, sender.Headers));
            await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "message_id:", () => Clients.Messages.SendPacketAsync(badId, sender.Headers));
        }

        Assert.Equal(Send.LeaseDeliveries, await FloodAsync(sender, bob, [Clients.Messages]));
    }

    [Fact]
    public async Task A_send_on_a_lease_reports_each_recipient_on_its_own_like_a_send_through_the_sender_grain()
    {
        var sender = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        var request = new SendPacketRequest { MessageId = "first", Packet = ByteString.CopyFrom(sender.PacketTo(bob)) };
        request.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(bob.NodeIdentifier));
        await Clients.Messages.SendPacketAsync(request, sender.Headers);

        using var leased = new LeasedSends(fixture);
        var madeUp = RandomNumberGenerator.GetBytes(32);
        request.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(madeUp));
        var retry = await Clients.Messages.SendPacketAsync(request, sender.Headers);

        Assert.Equal(1, leased.Count);
        Assert.True(retry.Deliveries[0].Duplicate);
        Assert.Equal((int)StatusCode.NotFound, retry.Deliveries[1].ErrorCode);
        Assert.Single(await fixture.Client.GetNodeGrain(bob.NodeIdentifier).ReadAsync(0, 10));
    }

    [Fact]
    public async Task A_lease_is_spent_only_within_its_lifetime_and_then_the_send_goes_through_the_sender_grain()
    {
        var sender = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        await Clients.SendAsync(sender, bob, "earns-a-lease");
        using var leased = new LeasedSends(fixture);

        await Clients.SendAsync(sender, bob, "on-the-lease");
        Assert.Equal(1, leased.Count);
        fixture.Time.Advance(Send.LeaseLifetime);
        var late = await Clients.SendAsync(sender, bob, "after-its-lifetime");

        Assert.Equal(1, leased.Count);
        Assert.Equal(0, late.Deliveries[0].ErrorCode);
        Assert.Equal(3, (await fixture.Client.GetNodeGrain(bob.NodeIdentifier).ReadAsync(0, 10)).Length);
    }

    /// <summary>
    /// Takes the flooder's node budget down to <paramref name="left"/> deliveries as an earlier send would have: one send,
    /// straight to its sender grain, to as many made-up nodes (too many to earn a lease; each is answered NOT_FOUND).
    /// </summary>
    private async Task SpendAllButAsync(TestDevice flooder, int left)
    {
        var madeUp = Enumerable.Range(0, Send.NodeDeliveryBurst - left).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();
        var envelope = new MailboxEnvelope(flooder.User.RootIdentifier, flooder.NodeIdentifier, "spent-earlier", [1]);

        var outcome = await fixture.Client.GetSenderGrain(flooder.User.RootIdentifier).SendAsync(envelope, madeUp);

        Assert.Null(outcome.Lease);
        Assert.All(outcome.Deliveries, d => Assert.Equal(ClusterErrorCode.NotFound, d.ErrorCode));
    }

    /// <summary>Sends one-recipient packets round the gateways until every one of them refuses; returns the sends that were queued.</summary>
    private static async Task<int> FloodAsync(TestDevice flooder, TestDevice victim, Messages.MessagesClient[] gateways, string worker = "")
    {
        var request = new SendPacketRequest { Packet = ByteString.CopyFrom(flooder.PacketTo(victim)) };
        request.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(victim.NodeIdentifier));
        var refusing = new HashSet<int>();
        var sent = 0;
        for (var i = 0; refusing.Count < gateways.Length && i < 10 * Left; i++)
        {
            var gateway = i % gateways.Length;
            if (refusing.Contains(gateway))
            {
                continue;
            }

            request.MessageId = $"flood{worker}-{i}";
            try
            {
                Assert.Equal(0, (await gateways[gateway].SendPacketAsync(request, flooder.Headers)).Deliveries[0].ErrorCode);
                sent++;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                refusing.Add(gateway);
            }
        }

        return sent;
    }

    /// <summary>Counts the fixture gateway's sends on a lease while it lives.</summary>
    private sealed class LeasedSends : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentBag<long> _sends = [];

        public LeasedSends(GatewayFixture fixture)
        {
            var factory = fixture.Gateway.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == GatewayMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory)
                    && instrument.Name == "wickr.gateway.sends.leased")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => _sends.Add(value));
            _listener.Start();
        }

        public long Count => _sends.Sum();

        public void Dispose() => _listener.Dispose();
    }
}
