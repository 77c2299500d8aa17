using Wickr.Cluster.Api.V1;
using Wickr.Cluster.ClientLib.Client;
using Wickr.Cluster.ClientLib.Groups;
using Wickr.Cluster.EndToEnd.Tests.Harness;
using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Packets;

namespace Wickr.Cluster.EndToEnd.Tests.Scenarios;

/// <summary>
/// Groups and rooms through the client library: membership as encrypted control messages, a late joiner without
/// earlier history, a removed member whose devices cannot open a later packet, and a 500-member room end to end.
/// </summary>
public sealed partial class EmbeddedClusterTests
{
    [Fact]
    public Task A_removed_member_cannot_open_a_later_group_packet_and_a_late_joiner_gets_no_earlier_history() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 2);
        var carol = await w.UserAsync("carol", 1);
        var dave = await w.UserAsync("dave", 1);
        var conversations = new GroupConversations(alice[0], alice.UserName);

        var (group, created) = await conversations.CreateAsync("team", GroupKind.Group, [bob.UserName, carol.UserName], new GroupSettings(600, 0, false));
        Assert.True(created.AllQueued, string.Join("; ", created.Failures));
        foreach (var device in bob.Devices.Append(carol[0]))
        {
            var control = await device.NextAsync();
            Assert.Equal(GroupControl.ContentType, control.Message.Metadata.ContentType);
            Assert.Equal(GroupStatus.Member, device.Groups.Find(group.IdHex)!.Status);
        }

        var before = await conversations.SendTextAsync(group.IdHex, "before dave");
        foreach (var device in bob.Devices.Append(carol[0]))
        {
            var received = await device.NextAsync();
            Assert.Equal(before.MessageId, received.MessageId);
            Assert.Equal(group.Current.ChannelTag, received.Message.Metadata.ChannelTag);
            Assert.Equal(600UL, received.Message.Metadata.TimeToLive);
        }

        // Dave joins: he learns the group from the message that adds him, and holds nothing sent before it.
        await conversations.AddAsync(group.IdHex, dave.UserName);
        var added = await dave[0].NextAsync();
        Assert.Equal(GroupControl.ContentType, added.Message.Metadata.ContentType);
        Assert.Equal(4, dave[0].Groups.Find(group.IdHex)!.Current.Members.Count);
        Assert.DoesNotContain(dave[0].Messages.List(), m => m.MessageId == before.MessageId);
        foreach (var device in bob.Devices.Append(carol[0]))
        {
            Assert.Equal(GroupChange.Add, GroupControl.Decode((await device.NextAsync()).Message.Body).Change);
        }

        // Carol is removed; Bob's second device is offline, so the later packet waits in its mailbox as the server holds it.
        await bob[1].DisconnectAsync();
        await conversations.RemoveAsync(group.IdHex, carol.UserName);
        Assert.Equal(GroupChange.Remove, GroupControl.Decode((await carol[0].NextAsync()).Message.Body).Change);
        Assert.Equal(GroupStatus.Removed, carol[0].Groups.Find(group.IdHex)!.Status);
        var after = await conversations.SendTextAsync(group.IdHex, "after carol");
        Assert.DoesNotContain(after.Deliveries, d => d.RootIdentifierHex == carol.RootHex);
        Assert.Contains(after.Deliveries, d => d.RootIdentifierHex == dave.RootHex);

        // The packet as queued for Bob's offline device: Carol's device cannot open it (no key exchange for her node).
        var token = await bob[1].Session.TokenAsync(CancellationToken.None);
        var raw = new Raw(w.Cluster.Channel);
        var queued = await raw.Messages.FetchPacketsAsync(new FetchPacketsRequest { AfterSequence = 0, MaxCount = 100 }, Raw.Bearer(token));
        var packet = queued.Packets.Single(p => p.MessageId == after.MessageId);
        var opened = Assert.Throws<WickrException>(() => new PacketDecoder(w.Recorder).Decode(
            packet.Packet.Span, alice[0].Device.Chain, carol[0].Device.LocalNode, carol[0].Pool!));
        Assert.Equal(WickrError.NotRecipient, opened.Error);
        // The victim works: Bob's device opens the very same packet once it is back online.
        await bob[1].ConnectAsync();
        var bobGot = await bob[1].TakeAsync(2);
        Assert.Equal(after.MessageId, bobGot[^1].MessageId);
        // The members still in it got the removal, then the message.
        Assert.Equal(after.MessageId, (await dave[0].TakeAsync(2))[^1].MessageId);
        Assert.Equal(after.MessageId, (await bob[0].TakeAsync(2))[^1].MessageId);
        // Nothing of the group was queued for Carol after her removal; and her device refuses to send to it.
        await Receiving.AssertNothingElseQueuedAsync(w, bob[0], [carol.Root], carol[0]);
        await Assert.ThrowsAsync<WickrException>(() => new GroupConversations(carol[0], carol.UserName).SendTextAsync(group.IdHex, "still here?"));
    });

    [Fact]
    public Task A_room_of_500_members_gets_one_message_on_every_device_in_one_send() => Run(async w =>
    {
        // 500 users with one simulated device each and tiny pools (they take two messages); the keys are not recorded.
        var plain = new WickrClientOptions { PoolTargetSize = 3, RetryDelay = TimeSpan.FromMilliseconds(200) };
        var alice = await w.UserAsync("moderator", 1);
        var members = new Person[GroupState.MaxMembers - 1];
        await Parallel.ForEachAsync(Enumerable.Range(0, members.Length), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            members[i] = await w.UserAsync($"m{i}", 1, options: plain));
        var room = new GroupConversations(alice[0], alice.UserName);

        var (group, created) = await room.CreateAsync("all hands", GroupKind.Room, members.Select(m => m.UserName), new GroupSettings(0, 0, false));
        Assert.True(created.AllQueued, string.Join("; ", created.Failures.Take(5)));
        Assert.Equal(members.Length, created.Deliveries.Count);
        var sent = await room.SendTextAsync(group.IdHex, "to the whole room");
        Assert.True(sent.AllQueued, string.Join("; ", sent.Failures.Take(5)));
        Assert.Equal(members.Length, sent.Deliveries.Count);

        // Every device (online, its pool published) learns the room from the first message and reads the second under the room's tag.
        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (member, _) =>
        {
            var device = member[0];
            var got = await device.TakeAsync(2);
            if (device.Groups.Find(group.IdHex) is not { Status: GroupStatus.Member, Current.Members.Count: GroupState.MaxMembers }
                || got[1].MessageId != sent.MessageId || !got[1].Message.Metadata.ChannelTag.AsSpan().SequenceEqual(group.Current.ChannelTag))
            {
                wrong.Add(member.UserName);
            }
            await device.DisconnectAsync();
        });
        Assert.Empty(wrong);
    });
}
