using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Tests.Fixtures;

/// <summary>
/// What a node's mailbox holds, seen the way its device and its senders see it: by reading it page by page, and by how
/// much more it accepts before it refuses. The node grain has no status call; nothing outside the cluster needs one.
/// </summary>
public static class MailboxProbe
{
    /// <summary>Every queued packet, read page by page after the last sequence as a device would; reading deletes nothing.</summary>
    public static async Task<List<QueuedPacket>> ReadAllAsync(this INodeGrain node)
    {
        var all = new List<QueuedPacket>();
        long after = 0;
        while (true)
        {
            var page = await node.ReadAsync(after, new MailboxOptions().MaxReadBatch);
            if (page.Length == 0)
            {
                return all;
            }

            all.AddRange(page);
            after = page[^1].Sequence;
        }
    }

    /// <summary>
    /// Asserts that the node counts exactly <paramref name="queuedBytes"/> queued: the rest of
    /// <see cref="TestLimits.MaxQueuedBytes"/> fits (in packets of at most <see cref="TestLimits.MaxPacketBytes"/>), and
    /// one byte more is refused with <see cref="ClusterErrorCode.MailboxFull"/>. Leaves the mailbox full. Needs the
    /// <see cref="TestLimits"/> mailbox, where one sender may fill it.
    /// </summary>
    public static async Task AssertBytesQueuedAsync(this INodeGrain node, long queuedBytes)
    {
        var sender = Sender.New();
        var free = TestLimits.MaxQueuedBytes - queuedBytes;
        for (var i = 0; free > 0; i++)
        {
            var size = (int)Math.Min(free, TestLimits.MaxPacketBytes);
            Assert.False((await node.EnqueueAsync(sender, $"room-{i}", TestData.Packet(size))).Duplicate);
            free -= size;
        }

        await ClusterAssert.FailsWith(ClusterErrorCode.MailboxFull, () => node.EnqueueAsync(sender, "room-over", TestData.Packet(1)));
    }
}
