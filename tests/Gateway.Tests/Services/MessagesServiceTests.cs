using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.Gateway.Tests.Fixtures;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.Gateway.Tests.Services;

[Collection(GatewayCollection.Name)]
public sealed class MessagesServiceTests(GatewayFixture fixture)
{
    private TestClients Clients => fixture.Clients;

    [Fact]
    public async Task A_packet_sent_with_a_claimed_key_is_fetched_decrypted_and_acknowledged()
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        await Clients.UploadKeysAsync(bob, 3);

        var claim = new ClaimKeysRequest();
        claim.NodeIdentifiers.Add(ByteString.CopyFrom(bob.NodeIdentifier));
        var claimed = (await Clients.Keys.ClaimKeysAsync(claim, alice.Headers)).Keys[0];
        var body = RandomNumberGenerator.GetBytes(500);
        var packet = alice.PacketTo(bob, TestDevice.FromProto(claimed.Key), body);

        var send = new SendPacketRequest { MessageId = "msg-1_a", Packet = ByteString.CopyFrom(packet) };
        send.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(bob.NodeIdentifier));
        var delivery = Assert.Single((await Clients.Messages.SendPacketAsync(send, alice.Headers)).Deliveries);
        Assert.Equal(0, delivery.ErrorCode);
        Assert.False(delivery.Duplicate);

        var fetched = await Clients.Messages.FetchPacketsAsync(new FetchPacketsRequest(), bob.Headers);
        var inbound = Assert.Single(fetched.Packets);
        Assert.Equal("msg-1_a", inbound.MessageId);
        Assert.Equal(alice.User.RootIdentifier, inbound.SenderRootIdentifier.ToByteArray());
        Assert.Equal(alice.NodeIdentifier, inbound.SenderNodeIdentifier.ToByteArray());
        Assert.Equal(packet, inbound.Packet.ToByteArray());
        Assert.Equal(fixture.Time.GetUtcNow().ToUnixTimeMilliseconds(), inbound.EnqueuedAtUnixMs);
        Assert.True(fetched.PoolLow);

        var decoded = new PacketDecoder().Decode(inbound.Packet.Span, alice.Chain, bob.Local, bob.Pool);
        Assert.Equal(body, decoded.Message.Body);

        var ack = new AckRequest();
        ack.Sequences.Add(inbound.Sequence);
        Assert.Equal(1, (await Clients.Messages.AckAsync(ack, bob.Headers)).Deleted);
        Assert.Empty((await Clients.Messages.FetchPacketsAsync(new FetchPacketsRequest(), bob.Headers)).Packets);
        Assert.Equal(0, (await Clients.Messages.AckAsync(ack, bob.Headers)).Deleted);
    }

    [Fact]
    public async Task A_retried_send_is_stored_once_per_sender()
    {
        var alice = await Clients.NewDeviceAsync();
        var carol = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();

        Assert.False((await Clients.SendAsync(alice, bob, "same-id")).Deliveries[0].Duplicate);
        Assert.True((await Clients.SendAsync(alice, bob, "same-id")).Deliveries[0].Duplicate);

        // Another sender's id never collides with Alice's.
        Assert.False((await Clients.SendAsync(carol, bob, "same-id")).Deliveries[0].Duplicate);

        var packets = (await Clients.Messages.FetchPacketsAsync(new FetchPacketsRequest(), bob.Headers)).Packets;
        Assert.Equal(2, packets.Count);
        Assert.All(packets, p => Assert.Equal("same-id", p.MessageId));
        Assert.Equal([alice.NodeIdentifier, carol.NodeIdentifier], packets.Select(p => p.SenderNodeIdentifier.ToByteArray()));
    }

    [Fact]
    public async Task Deliveries_report_per_node_outcomes()
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        var unknown = RandomNumberGenerator.GetBytes(32);
        var send = new SendPacketRequest { MessageId = "m", Packet = ByteString.CopyFrom(alice.PacketTo(bob)) };
        send.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(unknown));
        send.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(bob.NodeIdentifier));

        var deliveries = (await Clients.Messages.SendPacketAsync(send, alice.Headers)).Deliveries;
        Assert.Equal(unknown, deliveries[0].NodeIdentifier.ToByteArray());
        Assert.Equal((int)StatusCode.NotFound, deliveries[0].ErrorCode);
        Assert.Contains("not registered", deliveries[0].ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, deliveries[1].ErrorCode);
        Assert.Single(await QueuedAsync(bob));
    }

    [Fact]
    public async Task A_full_mailbox_is_resource_exhausted_for_that_node_and_drops_nothing()
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        var body = TestLimits.MaxPacketBytes - 2048;
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(0, (await Clients.SendAsync(alice, bob, $"big-{i}", body)).Deliveries[0].ErrorCode);
        }

        var full = (await Clients.SendAsync(alice, bob, "big-4", body)).Deliveries[0];
        Assert.Equal((int)StatusCode.ResourceExhausted, full.ErrorCode);
        Assert.Contains("mailbox is full", full.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["big-0", "big-1", "big-2", "big-3"], (await FetchAllAsync(bob)).Select(p => p.MessageId));
    }

    [Theory]
    [InlineData("id_empty", "message_id: a message id has 1 to 64 characters, not 0")]
    [InlineData("id_long", "message_id: a message id has 1 to 64 characters, not 65")]
    [InlineData("id_chars", "message_id: a message id is made of the characters")]
    [InlineData("packet_empty", "packet: a packet has 1 to 261120 bytes, not 0")]
    [InlineData("packet_large", "packet: a packet has 1 to 261120 bytes, not 261121")]
    [InlineData("packet_garbage", "packet: unsupported packet version")]
    [InlineData("packet_truncated", "packet: a packet of 100 bytes is too short")]
    [InlineData("packet_tampered", "packet: the packet signature does not verify with the sender's node key")]
    [InlineData("packet_other_sender", "packet: the packet signature does not verify with the sender's node key")]
    [InlineData("recipients_empty", "recipient_node_identifiers: 1 to 8 node identifiers, not 0")]
    [InlineData("recipients_many", "recipient_node_identifiers: 1 to 8 node identifiers, not 9")]
    [InlineData("recipient_size", "recipient_node_identifiers[1]: a node identifier has 32 bytes, not 16")]
    [InlineData("recipient_repeat", "recipient_node_identifiers[1]: the node is listed more than once")]
    public async Task A_malformed_send_is_invalid_and_queues_nothing(string flaw, string message)
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        var packet = alice.PacketTo(bob);
        var send = new SendPacketRequest { MessageId = "ok", Packet = ByteString.CopyFrom(packet) };
        send.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(bob.NodeIdentifier));
        switch (flaw)
        {
            case "id_empty": send.MessageId = string.Empty; break;
            case "id_long": send.MessageId = new string('a', 65); break;
            case "id_chars": send.MessageId = "a b"; break;
            case "packet_empty": send.Packet = ByteString.Empty; break;
            case "packet_large": send.Packet = ByteString.CopyFrom(new byte[ProtocolLimits.MaxPacketBytes + 1]); break;
            case "packet_garbage": send.Packet = ByteString.CopyFrom(Enumerable.Repeat((byte)0xEE, 500).ToArray()); break;
            case "packet_truncated": send.Packet = ByteString.CopyFrom(packet[..100]); break;
            case "packet_tampered": packet[packet.Length / 2] ^= 0x01; send.Packet = ByteString.CopyFrom(packet); break;
            case "packet_other_sender":
                var carol = await Clients.NewDeviceAsync(authenticate: false);
                send.Packet = ByteString.CopyFrom(carol.PacketTo(bob));
                break;
            case "recipients_empty": send.RecipientNodeIdentifiers.Clear(); break;
            case "recipients_many":
                send.RecipientNodeIdentifiers.AddRange(Enumerable.Range(0, 8).Select(_ => ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32))));
                break;
            case "recipient_size": send.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(new byte[16])); break;
            case "recipient_repeat": send.RecipientNodeIdentifiers.Add(send.RecipientNodeIdentifiers[0]); break;
        }

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, message, () => Clients.Messages.SendPacketAsync(send, alice.Headers));
        Assert.Empty(await QueuedAsync(bob));
    }

    [Fact]
    public async Task A_packet_within_the_protocol_limit_but_above_the_silos_is_refused_for_each_node_and_queues_nothing()
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();

        // The gateway checks the protocol's limit; the silo's own, lower setting is checked where it is configured.
        var response = await Clients.SendAsync(alice, bob, "above-silo-cap", TestLimits.MaxPacketBytes);

        var refused = Assert.Single(response.Deliveries);
        Assert.Equal((int)StatusCode.InvalidArgument, refused.ErrorCode);
        Assert.Contains($"at most {TestLimits.MaxPacketBytes} bytes", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await QueuedAsync(bob));
    }

    [Fact]
    public async Task A_message_far_above_every_cap_is_refused_before_it_is_read()
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        var send = new SendPacketRequest { MessageId = "huge", Packet = ByteString.CopyFrom(new byte[2 * 1024 * 1024]) };
        send.RecipientNodeIdentifiers.Add(ByteString.CopyFrom(bob.NodeIdentifier));

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await Clients.Messages.SendPacketAsync(send, alice.Headers));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Empty(await QueuedAsync(bob));
    }

    [Fact]
    public async Task Naming_another_nodes_mailbox_is_permission_denied()
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        await Clients.SendAsync(alice, bob, "for-bob");
        var bobNode = ByteString.CopyFrom(bob.NodeIdentifier);
        var sequence = (await QueuedAsync(bob))[0].Sequence;

        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "its own node",
            () => Clients.Messages.FetchPacketsAsync(new FetchPacketsRequest { NodeIdentifier = bobNode }, alice.Headers));
        var ack = new AckRequest { NodeIdentifier = bobNode };
        ack.Sequences.Add(sequence);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "its own node", () => Clients.Messages.AckAsync(ack, alice.Headers));
        var stream = Clients.Messages.Subscribe(new SubscribeRequest { NodeIdentifier = bobNode }, alice.Headers);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, "its own node", () => stream.ResponseStream.MoveNext());

        // Without a target, Alice's acks act on Alice's mailbox: Bob's packet stays.
        ack.NodeIdentifier = ByteString.Empty;
        Assert.Equal(0, (await Clients.Messages.AckAsync(ack, alice.Headers)).Deleted);
        Assert.Single(await QueuedAsync(bob));
    }

    [Theory]
    [InlineData("empty", "sequences: 1 to 500 sequences, not 0")]
    [InlineData("many", "sequences: 1 to 500 sequences, not 501")]
    [InlineData("zero", "sequences[1]: sequences start at 1, not 0")]
    [InlineData("negative", "sequences[1]: sequences start at 1, not -5")]
    public async Task A_malformed_ack_is_invalid_and_deletes_nothing(string flaw, string message)
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        await Clients.SendAsync(alice, bob);
        var ack = new AckRequest();
        ack.Sequences.Add((await QueuedAsync(bob))[0].Sequence);
        switch (flaw)
        {
            case "empty": ack.Sequences.Clear(); break;
            case "many": ack.Sequences.AddRange(Enumerable.Range(100, ProtocolLimits.MaxAckSequences).Select(i => (long)i)); break;
            case "zero": ack.Sequences.Add(0); break;
            case "negative": ack.Sequences.Add(-5); break;
        }

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, message, () => Clients.Messages.AckAsync(ack, bob.Headers));
        Assert.Single(await QueuedAsync(bob));
    }

    [Fact]
    public async Task Fetching_pages_through_the_backlog_and_checks_its_arguments()
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        for (var i = 0; i < 5; i++)
        {
            await Clients.SendAsync(alice, bob, $"m{i}");
        }

        var first = await Clients.Messages.FetchPacketsAsync(new FetchPacketsRequest { MaxCount = 2 }, bob.Headers);
        Assert.Equal(["m0", "m1"], first.Packets.Select(p => p.MessageId));
        var rest = await Clients.Messages.FetchPacketsAsync(
            new FetchPacketsRequest { AfterSequence = first.Packets[1].Sequence, MaxCount = 1000 }, bob.Headers);
        Assert.Equal(["m2", "m3", "m4"], rest.Packets.Select(p => p.MessageId));

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "max_count: must not be negative",
            () => Clients.Messages.FetchPacketsAsync(new FetchPacketsRequest { MaxCount = -1 }, bob.Headers));
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, "after_sequence: must not be negative",
            () => Clients.Messages.FetchPacketsAsync(new FetchPacketsRequest { AfterSequence = -1 }, bob.Headers));
    }

    [Fact]
    public async Task A_fetch_response_stops_at_its_byte_budget()
    {
        var alice = await Clients.NewDeviceAsync();
        var bob = await Clients.NewDeviceAsync();
        var big = TestLimits.MaxPacketBytes - 2048;
        await Clients.SendAsync(alice, bob, "big-0", big);
        await Clients.SendAsync(alice, bob, "big-1", big);
        await Clients.SendAsync(alice, bob, "big-2", big);

        var first = await Clients.Messages.FetchPacketsAsync(new FetchPacketsRequest(), bob.Headers);
        Assert.Equal(["big-0", "big-1"], first.Packets.Select(p => p.MessageId));
        var rest = await Clients.Messages.FetchPacketsAsync(
            new FetchPacketsRequest { AfterSequence = first.Packets[^1].Sequence }, bob.Headers);
        Assert.Equal(["big-2"], rest.Packets.Select(p => p.MessageId));
    }

    private async Task<QueuedPacket[]> QueuedAsync(TestDevice device) =>
        await fixture.Client.GetNodeGrain(device.NodeIdentifier).ReadAsync(0, 100);

    private async Task<List<InboundPacket>> FetchAllAsync(TestDevice device)
    {
        var all = new List<InboundPacket>();
        while (true)
        {
            var after = all.Count == 0 ? 0 : all[^1].Sequence;
            var page = (await Clients.Messages.FetchPacketsAsync(new FetchPacketsRequest { AfterSequence = after }, device.Headers)).Packets;
            if (page.Count == 0)
            {
                return all;
            }

            all.AddRange(page);
        }
    }
}
