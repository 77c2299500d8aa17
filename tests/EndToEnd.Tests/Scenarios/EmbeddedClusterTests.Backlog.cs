using Grpc.Core;
using Wickr.Cluster.Api.V1;
using Wickr.Cluster.EndToEnd.Tests.Harness;

namespace Wickr.Cluster.EndToEnd.Tests.Scenarios;

/// <summary>Offline devices and their queues.</summary>
public sealed partial class EmbeddedClusterTests
{
    [Fact]
    public Task An_offline_device_gets_its_queue_on_reconnect_in_order_and_exactly_once() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 2);
        await bob[1].DisconnectAsync();

        var sent = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            var result = await alice[0].SendAsync(bob.Root, w.Text($"queued {i}"));
            Assert.True(result.AllQueued, string.Join("; ", result.Failures));
            sent.Add(result.MessageId);
        }
        Assert.Equal(sent, (await bob[0].TakeAsync(25)).Select(m => m.MessageId));
        Assert.False(bob[1].TryReceive(out _));

        await bob[1].ConnectAsync();
        var backlog = await bob[1].TakeAsync(25);
        Assert.Equal(sent, backlog.Select(m => m.MessageId));
        Assert.Equal(backlog.Select(m => m.Sequence).Order(), backlog.Select(m => m.Sequence));
        Assert.All(backlog, m => Assert.StartsWith("queued ", m.Text(), StringComparison.Ordinal));

        // Everything handed over was acknowledged: the mailbox is empty, and going offline and back brings nothing again.
        var messages = new Messages.MessagesClient(bob[1].Transport);
        var headers = new Metadata { { "authorization", "Bearer " + await bob[1].Session.TokenAsync(CancellationToken.None) } };
        Assert.Empty((await messages.FetchPacketsAsync(new FetchPacketsRequest(), headers)).Packets);
        await bob[1].DisconnectAsync();
        await bob[1].ConnectAsync();
        await Receiving.AssertNothingElseQueuedAsync(w, alice[0], [bob.Root], [.. bob.Devices]);
    });

    [Fact]
    public Task A_device_that_comes_online_while_messages_arrive_gets_each_once_in_order() => Run(async w =>
    {
        var alice = await w.UserAsync("alice", 1);
        var bob = await w.UserAsync("bob", 1);
        await bob[0].DisconnectAsync();

        // Sends race the reconnect: some land in the backlog, some on the live stream, some in between.
        var sending = Task.Run(async () =>
        {
            var ids = new List<string>();
            for (var i = 0; i < 30; i++)
            {
                ids.Add((await alice[0].SendAsync(bob.Root, w.Text($"racing {i}"))).MessageId);
            }
            return ids;
        });
        await Task.Delay(100);
        await bob[0].ConnectAsync();
        var sent = await sending;
        Assert.Equal(sent, (await bob[0].TakeAsync(30)).Select(m => m.MessageId));
        await Receiving.AssertNothingElseQueuedAsync(w, alice[0], [bob.Root], bob[0]);
    });
}
