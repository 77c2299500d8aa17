using Wickr.Cluster.Contracts;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Storage;

/// <summary>What every <see cref="IMailboxStore"/> must do; a backend derives and supplies the store.</summary>
public abstract class MailboxStoreContractTests
{
    private static readonly DateTimeOffset T0 = ClusterFixture.Epoch;

    protected abstract IMailboxStore Store { get; }

    private static string NewNode() => GrainKeys.ForNode(TestData.NodeId());

    private static StoredPacket Packet(long sequence, string messageId, int size = 10, DateTimeOffset? at = null) =>
        new(sequence, messageId, TestData.Bytes(size), at ?? T0);

    [Fact]
    public async Task Append_is_idempotent_on_the_message_id_and_reports_the_stored_sequence()
    {
        var node = NewNode();
        var first = Packet(1, "a");

        Assert.Equal(new MailboxAppendResult(1, false), await Store.AppendAsync(node, first));
        Assert.Equal(new MailboxAppendResult(1, true), await Store.AppendAsync(node, Packet(2, "a")));
        Assert.Equal(new MailboxAppendResult(3, false), await Store.AppendAsync(node, Packet(3, "b")));

        var rows = await Store.ReadAsync(node, 0, 10);
        Assert.Equal([1L, 3L], rows.Select(r => r.Sequence));
        Assert.Equal(first.Packet, rows[0].Packet);
        Assert.Equal(T0, rows[0].EnqueuedAt);
    }

    [Fact]
    public async Task Read_returns_packets_after_a_sequence_in_order_up_to_a_count()
    {
        var node = NewNode();
        foreach (var sequence in new long[] { 5, 1, 3, 9, 7 })
        {
            await Store.AppendAsync(node, Packet(sequence, $"m{sequence}"));
        }

        Assert.Equal([1L, 3L, 5L], (await Store.ReadAsync(node, 0, 3)).Select(r => r.Sequence));
        Assert.Equal([5L, 7L], (await Store.ReadAsync(node, 3, 2)).Select(r => r.Sequence));
        Assert.Empty(await Store.ReadAsync(node, 9, 10));
        Assert.Empty(await Store.ReadAsync(NewNode(), 0, 10));
    }

    [Fact]
    public async Task Delete_removes_only_the_given_sequences_and_counts_them()
    {
        var node = NewNode();
        var other = NewNode();
        for (long sequence = 1; sequence <= 4; sequence++)
        {
            await Store.AppendAsync(node, Packet(sequence, $"m{sequence}"));
            await Store.AppendAsync(other, Packet(sequence, $"m{sequence}"));
        }

        Assert.Equal(2, await Store.DeleteAsync(node, [2, 4, 99]));
        Assert.Equal(0, await Store.DeleteAsync(node, [2]));
        Assert.Equal([1L, 3L], (await Store.ReadAsync(node, 0, 10)).Select(r => r.Sequence));
        Assert.Equal(4, (await Store.SummarizeAsync(other)).Count);

        // A deleted message id may be used again.
        Assert.False((await Store.AppendAsync(node, Packet(5, "m2"))).Duplicate);
    }

    [Fact]
    public async Task Expired_packets_are_deleted_and_their_sequences_returned()
    {
        var node = NewNode();
        await Store.AppendAsync(node, Packet(1, "old", at: T0));
        await Store.AppendAsync(node, Packet(2, "edge", at: T0.AddDays(1)));
        await Store.AppendAsync(node, Packet(3, "new", at: T0.AddDays(2)));

        Assert.Equal([1L], await Store.DeleteEnqueuedBeforeAsync(node, T0.AddDays(1)));
        Assert.Empty(await Store.DeleteEnqueuedBeforeAsync(node, T0.AddDays(1)));
        Assert.Equal([2L, 3L], (await Store.ReadAsync(node, 0, 10)).Select(r => r.Sequence));
    }

    [Fact]
    public async Task Summary_counts_sizes_and_the_highest_sequence_and_delete_all_empties_one_node()
    {
        var node = NewNode();
        var other = NewNode();
        Assert.Equal(new MailboxSummary(0, 0, 0), await Store.SummarizeAsync(node));
        await Store.AppendAsync(node, Packet(1, "a", 100));
        await Store.AppendAsync(node, Packet(7, "b", 250));
        await Store.AppendAsync(other, Packet(1, "a", 5));

        Assert.Equal(new MailboxSummary(2, 350, 7), await Store.SummarizeAsync(node));
        await Store.DeleteAllAsync(node);
        Assert.Equal(new MailboxSummary(0, 0, 0), await Store.SummarizeAsync(node));
        Assert.Equal(new MailboxSummary(1, 5, 1), await Store.SummarizeAsync(other));
    }
}
