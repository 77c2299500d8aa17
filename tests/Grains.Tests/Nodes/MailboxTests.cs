using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Tests.Fixtures;
using Wickr.Cluster.Protocol;

namespace Wickr.Cluster.Grains.Tests.Nodes;

public abstract class MailboxTests<TFixture>(TFixture fixture)
    where TFixture : ClusterFixture
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task A_retried_send_is_stored_once()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        var packet = TestData.Packet();

        var first = await node.NodeGrain.EnqueueAsync("message-1", packet);
        var retry = await node.NodeGrain.EnqueueAsync("message-1", TestData.Packet());
        var other = await node.NodeGrain.EnqueueAsync("message-2", packet);

        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal(first.Sequence, retry.Sequence);
        Assert.False(other.Duplicate);
        var queued = await node.NodeGrain.ReadAsync(0, 10);
        Assert.Equal(["message-1", "message-2"], queued.Select(p => p.MessageId));
        Assert.Equal(packet, queued[0].Packet);

        // The retry takes no room: the mailbox counts the two packets' bytes and no more.
        await node.NodeGrain.AssertBytesQueuedAsync(2 * packet.Length);
    }

    [Fact]
    public async Task Packets_are_delivered_in_order_in_pages_and_reading_deletes_nothing()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        var sent = new List<(string Id, byte[] Packet)>();
        for (var i = 0; i < 25; i++)
        {
            var packet = TestData.Packet(100 + i);
            sent.Add(($"m-{i:D2}", packet));
            await node.NodeGrain.EnqueueAsync($"m-{i:D2}", packet);
        }

        var received = new List<QueuedPacket>();
        long after = 0;
        while (true)
        {
            var page = await node.NodeGrain.ReadAsync(after, 10);
            if (page.Length == 0)
            {
                break;
            }

            Assert.True(page.Length <= 10);
            received.AddRange(page);
            after = page[^1].Sequence;
        }

        Assert.Equal(sent.Select(s => s.Id), received.Select(p => p.MessageId));
        Assert.Equal(sent.Select(s => s.Packet), received.Select(p => p.Packet));
        Assert.True(received.Zip(received.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence));
        Assert.All(received, p => Assert.Equal(fixture.Time.GetUtcNow(), p.EnqueuedAt));
        Assert.Equal(25, (await node.NodeGrain.ReadAsync(0, 100)).Length);
    }

    [Fact]
    public async Task Only_acknowledged_packets_are_deleted()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        for (var i = 0; i < 6; i++)
        {
            await node.NodeGrain.EnqueueAsync($"m{i}", TestData.Packet(100));
        }

        var queued = await node.NodeGrain.ReadAsync(0, 10);
        Assert.Equal(2, await node.NodeGrain.AckAsync([queued[0].Sequence, queued[2].Sequence, queued[2].Sequence]));
        Assert.Equal(0, await node.NodeGrain.AckAsync([queued[0].Sequence, 999_999]));

        var left = await node.NodeGrain.ReadAsync(0, 10);
        Assert.Equal(["m1", "m3", "m4", "m5"], left.Select(p => p.MessageId));
        await node.NodeGrain.AssertBytesQueuedAsync(400);
    }

    [Fact]
    public async Task Unacknowledged_packets_expire_after_the_retention_period()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        await node.NodeGrain.EnqueueAsync("old-1", TestData.Packet());
        await node.NodeGrain.EnqueueAsync("old-2", TestData.Packet());
        fixture.Time.Advance(TestLimits.Retention - TimeSpan.FromDays(10));
        await node.NodeGrain.EnqueueAsync("new-1", TestData.Packet());

        fixture.Time.Advance(TimeSpan.FromDays(10) + TimeSpan.FromSeconds(1));

        var queued = await node.NodeGrain.ReadAsync(0, 10);
        Assert.Equal(["new-1"], queued.Select(p => p.MessageId));
        Assert.Equal(1, (await fixture.SiloService<IMailboxStore>().SummarizeAsync(node.GrainKey)).Count);

        fixture.Time.Advance(TestLimits.Retention);
        Assert.Empty(await node.NodeGrain.ReadAsync(0, 10));
        Assert.Equal(0, (await fixture.SiloService<IMailboxStore>().SummarizeAsync(node.GrainKey)).Count);

        // Expired packets take no room any more.
        await node.NodeGrain.AssertBytesQueuedAsync(0);
    }

    [Fact]
    public async Task Expiry_frees_room_in_a_full_mailbox_but_nothing_within_retention_is_dropped()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        var count = (int)(TestLimits.MaxQueuedBytes / TestLimits.MaxPacketBytes);
        for (var i = 0; i < count; i++)
        {
            await node.NodeGrain.EnqueueAsync($"big-{i}", TestData.Packet(TestLimits.MaxPacketBytes));
        }

        await ClusterAssert.FailsWith(ClusterErrorCode.MailboxFull, () => node.NodeGrain.EnqueueAsync("one-more", TestData.Packet(1)));
        fixture.Time.Advance(TestLimits.Retention + TimeSpan.FromMinutes(1));

        Assert.False((await node.NodeGrain.EnqueueAsync("after-expiry", TestData.Packet(1))).Duplicate);
        Assert.Equal(["after-expiry"], (await node.NodeGrain.ReadAsync(0, 100)).Select(p => p.MessageId));
    }

    [Fact]
    public async Task The_byte_cap_refuses_with_mailbox_full_and_drops_nothing()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        var count = (int)(TestLimits.MaxQueuedBytes / TestLimits.MaxPacketBytes);
        var sent = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var packet = TestData.Packet(TestLimits.MaxPacketBytes);
            sent.Add(packet);
            await node.NodeGrain.EnqueueAsync($"big-{i}", packet);
        }

        var error = await ClusterAssert.FailsWith(ClusterErrorCode.MailboxFull,
            () => node.NodeGrain.EnqueueAsync("one-byte-too-many", TestData.Packet(1)));
        Assert.Contains("full", error.Message, StringComparison.OrdinalIgnoreCase);

        var queued = await node.NodeGrain.ReadAsync(0, 100);
        Assert.Equal(sent, queued.Select(p => p.Packet));

        // An acknowledgement makes room again.
        await node.NodeGrain.AckAsync([queued[0].Sequence]);
        Assert.False((await node.NodeGrain.EnqueueAsync("fits-now", TestData.Packet(TestLimits.MaxPacketBytes))).Duplicate);
    }

    [Fact]
    public async Task Malformed_calls_are_refused_and_change_nothing()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        await node.NodeGrain.EnqueueAsync("kept", TestData.Packet(10));
        var grain = node.NodeGrain;

        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.EnqueueAsync("", TestData.Packet()));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.EnqueueAsync(null!, TestData.Packet()));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.EnqueueAsync(new string('a', ProtocolLimits.MaxMessageIdLength + 1), TestData.Packet()));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.EnqueueAsync("with space", TestData.Packet()));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.EnqueueAsync("caf\u00e9", TestData.Packet()));
        foreach (var visibleAscii in new[] { "dotted.id", "a/b", "x:y", "~tilde" })
        {
            // The one message-id grammar (MessageId), with its message: the gateway and the client refuse these too.
            var refused = await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.EnqueueAsync(visibleAscii, TestData.Packet()));
            Assert.Equal("A message id is made of the characters A-Z, a-z, 0-9, '_' and '-'.", refused.Message);
        }

        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.EnqueueAsync("empty", []));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.EnqueueAsync("null", null!));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.EnqueueAsync(null!));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument,
            () => grain.EnqueueAsync(Sender.Default.Envelope("no-root", TestData.Packet()) with { SenderRootIdentifier = [] }));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument,
            () => grain.EnqueueAsync(Sender.Default.Envelope("short-node", TestData.Packet()) with { SenderNodeIdentifier = TestData.Bytes(31) }));
        await ClusterAssert.FailsWith(ClusterErrorCode.TooLarge, () => grain.EnqueueAsync("huge", TestData.Packet(TestLimits.MaxPacketBytes + 1)));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.ReadAsync(-1, 10));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.ReadAsync(0, 0));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.AckAsync(null!));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.AckAsync([]));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.AckAsync([1, 0]));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.AckAsync([.. Enumerable.Range(1, 501).Select(i => (long)i)]));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => grain.SubscribeAsync(null!));

        var queued = Assert.Single(await grain.ReadAsync(0, 10));
        Assert.Equal("kept", queued.MessageId);

        // A read asking for more than the silo's cap is clamped to it, not refused.
        Assert.Equal(queued.Sequence, Assert.Single(await grain.ReadAsync(0, int.MaxValue)).Sequence);
        Assert.False((await grain.EnqueueAsync(new string('a', ProtocolLimits.MaxMessageIdLength), TestData.Packet())).Duplicate);
        await grain.AssertBytesQueuedAsync(10 + TestData.Packet().Length);
    }

    [Fact]
    public async Task A_node_that_is_not_registered_has_no_mailbox()
    {
        var grain = Client.GetNodeGrain(TestData.NodeId());

        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => grain.EnqueueAsync("m", TestData.Packet()));
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => grain.ReadAsync(0, 10));
        await ClusterAssert.FailsWith(ClusterErrorCode.NotFound, () => grain.AckAsync([1]));
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument, () => Client.GetGrain<INodeGrain>("00ff").GetChainAsync());
        await ClusterAssert.FailsWith(ClusterErrorCode.InvalidArgument,
            () => Client.GetGrain<INodeGrain>(new string('A', 64)).EnqueueAsync("m", TestData.Packet()));
    }

    [Fact]
    public async Task The_mailbox_survives_deactivation_and_sequences_never_go_back()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        var sizes = new[] { 10, 20, 30, 40, 50 };
        foreach (var (size, i) in sizes.Select((s, i) => (s, i)))
        {
            await node.NodeGrain.EnqueueAsync($"m{i}", TestData.Packet(size));
        }

        var before = await node.NodeGrain.ReadAsync(0, 10);
        await fixture.Cluster.DeactivateAsync(node.NodeGrain);
        Assert.Equal(before.Select(p => p.Sequence), (await node.NodeGrain.ReadAllAsync()).Select(p => p.Sequence));

        // Acknowledged by a fresh activation that never read them: the byte count stays exact.
        await fixture.Cluster.DeactivateAsync(node.NodeGrain);
        Assert.Equal(2, await node.NodeGrain.AckAsync([before[1].Sequence, before[3].Sequence]));
        Assert.Equal(3, await node.NodeGrain.AckAsync([.. before.Select(p => p.Sequence)]));
        await fixture.Cluster.DeactivateAsync(node.NodeGrain);
        var next = await node.NodeGrain.EnqueueAsync("after-empty", TestData.Packet());
        Assert.True(next.Sequence > before[^1].Sequence);
        Assert.Equal(["after-empty"], (await node.NodeGrain.ReadAsync(before[^1].Sequence, 10)).Select(p => p.MessageId));

        // Counted again from storage by each activation and reduced by acknowledgements it never read: only the new
        // packet takes room.
        await node.NodeGrain.AssertBytesQueuedAsync(TestData.Packet().Length);
    }

    [Fact]
    public async Task A_subscribed_gateway_hears_the_doorbell_for_each_new_packet()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        var observer = new RecordingObserver();
        var reference = Client.CreateObjectReference<INodeObserver>(observer);
        try
        {
            Assert.Equal(TestLimits.SubscriptionLifetime, await node.NodeGrain.SubscribeAsync(reference));
            var first = await node.NodeGrain.EnqueueAsync("a", TestData.Packet());
            await node.NodeGrain.EnqueueAsync("a", TestData.Packet());
            var second = await node.NodeGrain.EnqueueAsync("b", TestData.Packet());

            var signal = await observer.WaitForAsync(s => s.Value == second.Sequence);
            Assert.Equal(("packet", node.GrainKey), (signal.Kind, signal.NodeGrainKey));
            Assert.Equal([first.Sequence, second.Sequence], observer.Signals.Where(s => s.Kind == "packet").Select(s => s.Value));
        }
        finally
        {
            Client.DeleteObjectReference<INodeObserver>(reference);
        }
    }

    [Fact]
    public async Task A_subscription_expires_unless_renewed_and_ends_on_unsubscribe()
    {
        var node = await RegisteredNode.CreateAsync(Client);
        var observer = new RecordingObserver();
        var reference = Client.CreateObjectReference<INodeObserver>(observer);
        try
        {
            await node.NodeGrain.SubscribeAsync(reference);
            fixture.Time.Advance(TestLimits.SubscriptionLifetime + TimeSpan.FromSeconds(1));
            var unheard = await node.NodeGrain.EnqueueAsync("while-expired", TestData.Packet());

            await node.NodeGrain.SubscribeAsync(reference);
            var heard = await node.NodeGrain.EnqueueAsync("after-renewal", TestData.Packet());
            await observer.WaitForAsync(s => s.Value == heard.Sequence);

            await node.NodeGrain.UnsubscribeAsync(reference);
            var unheardToo = await node.NodeGrain.EnqueueAsync("after-unsubscribe", TestData.Packet());
            await node.NodeGrain.SubscribeAsync(reference);
            var last = await node.NodeGrain.EnqueueAsync("last", TestData.Packet());
            // Every doorbell of this node travels the same path (node grain → observer), so once the last one is
            // heard, one rung for a packet queued earlier would have been heard before it.
            var sequences = (await observer.WaitForCountAsync(s => s.Value == last.Sequence, 1)).Select(s => s.Value).ToList();
            Assert.DoesNotContain(unheard.Sequence, sequences);
            Assert.DoesNotContain(unheardToo.Sequence, sequences);
            Assert.Equal([heard.Sequence, last.Sequence], sequences);
        }
        finally
        {
            Client.DeleteObjectReference<INodeObserver>(reference);
        }
    }
}
