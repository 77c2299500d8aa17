using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Wickr.Cluster.Protocol.Trust;

namespace Wickr.Cluster.EndToEnd.Tests.Scenarios;

/// <summary>Multi-device and group messaging.</summary>
public sealed partial class EmbeddedClusterTests
{
    [Fact]
    public Task Alice_with_two_devices_and_Bob_with_three_each_device_but_the_sender_gets_every_message() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 2);
        var bob = await w.UserAsync("bob", 3);
        var carol = await w.UserAsync("carol", 1);

        var hello = w.Text("hello bob");
        var sent = await alice[0].SendAsync(bob.Root, hello);
        Assert.True(sent.AllQueued, string.Join("; ", sent.Failures));
        // Bob's three devices and Alice's other device: four nodes, never the sending one.
        Assert.Equal(4, sent.Deliveries.Count);
        Assert.Equal(3, sent.Deliveries.Count(d => d.RootIdentifierHex == bob.RootHex));
        Assert.DoesNotContain(sent.Deliveries, d => d.NodeIdentifierHex == alice[0].NodeIdentifierHex);
        foreach (var device in bob.Devices.Append(alice[1]))
        {
            var received = await device.NextAsync();
            Assert.Equal(sent.MessageId, received.MessageId);
            Assert.Equal(hello.Body, received.Message.Body);
            Assert.Equal(hello.Metadata, received.Message.Metadata);
            Assert.Equal(alice.RootHex, received.SenderRootIdentifierHex);
            Assert.Equal(alice[0].NodeIdentifierHex, received.SenderNodeIdentifierHex);
            Assert.True(received.SenderAuthenticated);
            Assert.False(received.ViaLastResortKey);
        }
        Assert.Equal(PinStatus.FirstContact, bob[0].Messages.List()[0].SenderPin);

        var reply = w.Text("hello alice");
        var replied = await bob[1].SendAsync(alice.Root, reply);
        Assert.True(replied.AllQueued, string.Join("; ", replied.Failures));
        Assert.Equal(4, replied.Deliveries.Count);
        foreach (var device in alice.Devices.Concat([bob[0], bob[2]]))
        {
            var received = await device.NextAsync();
            Assert.Equal(replied.MessageId, received.MessageId);
            Assert.Equal(reply.Body, received.Message.Body);
            Assert.Equal(bob[1].NodeIdentifierHex, received.SenderNodeIdentifierHex);
        }

        // Nothing else was queued anywhere: not the senders' own messages, no duplicate.
        await Receiving.AssertNothingElseQueuedAsync(w, carol[0], [alice.Root, bob.Root], [.. alice.Devices, .. bob.Devices]);
    });

    [Fact]
    public Task A_group_send_to_three_users_reaches_every_device_of_each_and_the_senders_other_device() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 2);
        var bob = await w.UserAsync("bob", 3);
        var carol = await w.UserAsync("carol", 1);
        var dave = await w.UserAsync("dave", 2);

        var message = w.Text("to the group");
        var sent = await alice[0].SendAsync([bob.Root, carol.Root, dave.Root], message);
        Assert.True(sent.AllQueued, string.Join("; ", sent.Failures));
        Assert.Equal(3 + 1 + 2 + 1, sent.Deliveries.Count);

        var recipients = bob.Devices.Concat(carol.Devices).Concat(dave.Devices).Append(alice[1]).ToArray();
        foreach (var device in recipients)
        {
            var received = await device.NextAsync();
            Assert.Equal(message.Body, received.Message.Body);
            Assert.Equal(sent.MessageId, received.MessageId);
        }
        await Receiving.AssertNothingElseQueuedAsync(w, bob[0], [alice.Root, carol.Root, dave.Root], [.. alice.Devices, .. carol.Devices, .. dave.Devices]);
    });

    [Fact]
    public Task A_retried_send_under_the_same_message_id_is_handed_over_once_on_every_device() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 2);
        await bob[1].DisconnectAsync();

        var message = w.Text("only once");
        var first = await alice[0].SendAsync(bob.Root, message, "retry-me-1");
        Assert.All(first.Deliveries, d => Assert.Equal(DeliveryState.Queued, d.State));
        Assert.Equal("retry-me-1", (await bob[0].NextAsync()).MessageId);

        // The retry: still queued for the offline device, so stored once there; the online device already acknowledged
        // its copy, so the mailbox takes the retry again and the client recognises the repeat.
        var second = await alice[0].SendAsync(bob.Root, message, "retry-me-1");
        Assert.Equal(DeliveryState.Duplicate, second.Deliveries.Single(d => d.NodeIdentifierHex == bob[1].NodeIdentifierHex).State);
        await bob[1].ConnectAsync();
        Assert.Equal("retry-me-1", (await bob[1].NextAsync()).MessageId);
        await Receiving.AssertNothingElseQueuedAsync(w, alice[0], [bob.Root], [.. bob.Devices]);
        Assert.All(bob.Devices, d => Assert.Single(d.Messages.List(), m => m.MessageId == "retry-me-1"));
    });

    [Fact]
    public Task Received_messages_expire_after_their_time_to_live_and_burn_after_first_read() => Run(async w =>
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 1, options: w.Options(time: time));

        var expiring = await alice[0].SendAsync(bob.Root, w.Text("gone in 30 s", ttl: 30));
        var burning = await alice[0].SendAsync(bob.Root, w.Text("burn 5 s after reading", bor: 5));
        var lasting = await alice[0].SendAsync(bob.Root, w.Text("stays"));
        var received = await bob[0].TakeAsync(3);
        Assert.Equal([expiring.MessageId, burning.MessageId, lasting.MessageId], received.Select(m => m.MessageId));
        Assert.Equal(3, bob[0].Messages.Count);

        var burn = received[1];
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, bob[0].Messages.List().Count);
        Assert.NotNull(bob[0].Messages.Read(burn.Sequence));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(bob[0].Messages.Read(burn.Sequence));
        Assert.Equal(2, bob[0].Messages.Count);

        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal([lasting.MessageId], bob[0].Messages.List().Select(m => m.MessageId));
    });
}
