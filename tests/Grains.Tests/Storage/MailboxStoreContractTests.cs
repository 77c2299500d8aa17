using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Storage;

/// <summary>What every <see cref="IMailboxStore"/> must do; a backend derives and supplies the store.</summary>
public abstract class MailboxStoreContractTests
{
    private static readonly DateTimeOffset T0 = ClusterFixture.Epoch;

    protected abstract IMailboxStore Store { get; }

    /// <summary>
    /// How many copies of <paramref name="packet"/>'s bytes the backend holds (a shared body once, a packet kept inline
    /// in its row once per row); null for a backend that keeps a copy in every mailbox row and does not count them.
    /// </summary>
    protected virtual Task<long?> StoredCopiesAsync(byte[] packet) => Task.FromResult<long?>(null);

    private static string NewNode() => GrainKeys.ForNode(TestData.NodeId());

    private static readonly Sender Alice = Sender.New();
    private static readonly Sender Bob = Sender.New();

    private static StoredPacket Packet(long sequence, string messageId, int size = 10, DateTimeOffset? at = null, Sender? from = null) =>
        new(sequence, (from ?? Alice).Envelope(messageId, TestData.Bytes(size)), at ?? T0);

    private static (int Count, long Bytes, long HighestSequence) Totals(MailboxSummary summary) =>
        (summary.Count, summary.Bytes, summary.HighestSequence);

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
        Assert.Equal(first.Envelope.SenderRootIdentifier, rows[0].Envelope.SenderRootIdentifier);
        Assert.Equal(first.Envelope.SenderNodeIdentifier, rows[0].Envelope.SenderNodeIdentifier);
        Assert.Equal("a", rows[0].MessageId);
        Assert.Equal(T0, rows[0].EnqueuedAt);
    }

    [Fact]
    public async Task A_message_id_is_scoped_to_its_sender_node()
    {
        var node = NewNode();

        Assert.False((await Store.AppendAsync(node, Packet(1, "same", from: Alice))).Duplicate);
        Assert.False((await Store.AppendAsync(node, Packet(2, "same", from: Bob))).Duplicate);
        Assert.Equal(new MailboxAppendResult(1, true), await Store.AppendAsync(node, Packet(3, "same", from: Alice)));

        Assert.Equal([1L, 2L], (await Store.ReadAsync(node, 0, 10)).Select(r => r.Sequence));
    }

    [Fact]
    public async Task An_acknowledged_message_id_is_remembered_until_retention_so_a_resend_is_not_stored_again()
    {
        var node = NewNode();
        await Store.AppendAsync(node, Packet(1, "acked", at: T0));
        await Store.AppendAsync(node, Packet(2, "kept", at: T0.AddDays(2)));
        Assert.Equal(1, await Store.DeleteAsync(node, [1]));

        // The resend answers the acknowledged packet's sequence and stores nothing.
        Assert.Equal(new MailboxAppendResult(1, true), await Store.AppendAsync(node, Packet(3, "acked", at: T0.AddDays(1))));
        Assert.Equal([2L], (await Store.ReadAsync(node, 0, 10)).Select(r => r.Sequence));
        Assert.Equal((1, 10L, 2L), Totals(await Store.SummarizeAsync(node)));

        // Another sender node may still use the id; and once retention passes the id is forgotten.
        Assert.False((await Store.AppendAsync(node, Packet(4, "acked", at: T0.AddDays(2), from: Bob))).Duplicate);
        Assert.Empty(await Store.DeleteEnqueuedBeforeAsync(node, T0.AddDays(1)));
        Assert.Equal(new MailboxAppendResult(5, false), await Store.AppendAsync(node, Packet(5, "acked", at: T0.AddDays(3))));
    }

    [Fact]
    public async Task Summary_counts_each_sender_apart()
    {
        var node = NewNode();
        await Store.AppendAsync(node, Packet(1, "a", 100, from: Alice));
        await Store.AppendAsync(node, Packet(2, "b", 20, from: Alice));
        await Store.AppendAsync(node, Packet(3, "c", 7, from: Bob));
        await Store.DeleteAsync(node, [2]);

        var summary = await Store.SummarizeAsync(node);
        Assert.Equal((2, 107L, 3L), Totals(summary));
        Assert.Equal(2, summary.BySender.Count);
        Assert.Equal(new MailboxUsage(1, 100), summary.BySender[Convert.ToHexStringLower(Alice.RootIdentifier)]);
        Assert.Equal(new MailboxUsage(1, 7), summary.BySender[Convert.ToHexStringLower(Bob.RootIdentifier)]);
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

        // An acknowledged message id is remembered (until retention): a resend is not stored again.
        Assert.Equal(new MailboxAppendResult(2, true), await Store.AppendAsync(node, Packet(5, "m2")));
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
        Assert.Equal((0, 0L, 0L), Totals(await Store.SummarizeAsync(node)));
        await Store.AppendAsync(node, Packet(1, "a", 100));
        await Store.AppendAsync(node, Packet(7, "b", 250));
        await Store.AppendAsync(other, Packet(1, "a", 5));

        Assert.Equal((2, 350L, 7L), Totals(await Store.SummarizeAsync(node)));
        await Store.DeleteAllAsync(node);
        Assert.Equal((0, 0L, 0L), Totals(await Store.SummarizeAsync(node)));
        Assert.Empty((await Store.SummarizeAsync(node)).BySender);
        Assert.Equal((1, 5L, 1L), Totals(await Store.SummarizeAsync(other)));

        // Node removal forgets acknowledged ids too.
        await Store.AppendAsync(other, Packet(2, "acked"));
        await Store.DeleteAsync(other, [2]);
        await Store.DeleteAllAsync(other);
        Assert.False((await Store.AppendAsync(other, Packet(3, "acked"))).Duplicate);
    }

    [Fact]
    public async Task An_ack_of_more_than_100_packets_counts_only_those_it_deleted_and_leaves_the_rest()
    {
        var node = NewNode();
        await AppendAsync(node, Enumerable.Range(1, 160).Select(i => Packet(i, $"m{i}")));
        Assert.Equal(10, await Store.DeleteAsync(node, [.. Enumerable.Range(11, 10).Select(i => (long)i)]));

        // 1-150 less the ten already acked, plus unknown sequences inside the span, past its end and far away.
        long[] ack = [.. Enumerable.Range(1, 150).Select(i => (long)i), 161, 170, 1_000_000];
        Assert.Equal(140, await Store.DeleteAsync(node, ack));

        Assert.Equal(Enumerable.Range(151, 10).Select(i => (long)i), (await Store.ReadAsync(node, 0, 1000)).Select(r => r.Sequence));
        Assert.Equal((10, 100L, 160L), Totals(await Store.SummarizeAsync(node)));
        Assert.Equal(0, await Store.DeleteAsync(node, ack));
    }

    [Fact]
    public async Task An_ack_of_scattered_sequences_deletes_each_one_and_nothing_between()
    {
        var node = NewNode();
        long[] queued = [.. Enumerable.Range(1, 10), .. Enumerable.Range(200, 11), 5_000, 90_000];
        await AppendAsync(node, queued.Select(i => Packet(i, $"m{i}")));

        Assert.Equal(5, await Store.DeleteAsync(node, [3, 5, 150, 205, 210, 5_000, 7_000, 89_999]));

        long[] left = [.. queued.Except([3L, 5, 205, 210, 5_000])];
        Assert.Equal(left, (await Store.ReadAsync(node, 0, 1000)).Select(r => r.Sequence));
    }

    [Fact]
    public async Task An_ack_racing_a_retention_sweep_deletes_each_packet_once_between_them()
    {
        var node = NewNode();
        await AppendAsync(node, Enumerable.Range(1, 150).Select(i => Packet(i, $"old{i}", at: T0)));
        await AppendAsync(node, Enumerable.Range(151, 50).Select(i => Packet(i, $"new{i}", at: T0.AddDays(2))));

        // The ack covers 50 packets the sweep also expires (101-150) and 30 it keeps (151-180).
        var ack = Store.DeleteAsync(node, [.. Enumerable.Range(101, 80).Select(i => (long)i)]);
        var sweep = Store.DeleteEnqueuedBeforeAsync(node, T0.AddDays(1));
        var (acked, expired) = (await ack, await sweep);

        Assert.Equal(180, acked + expired.Count);
        Assert.Equal(expired.Count, expired.Distinct().Count());
        Assert.All(expired, sequence => Assert.InRange(sequence, 1, 150));
        Assert.Equal(Enumerable.Range(181, 20).Select(i => (long)i), (await Store.ReadAsync(node, 0, 1000)).Select(r => r.Sequence));
        Assert.Equal((20, 200L, 200L), Totals(await Store.SummarizeAsync(node)));
    }

    [Fact]
    public async Task A_packet_queued_for_many_mailboxes_is_stored_once_and_goes_with_its_last_row()
    {
        var body = TestData.Bytes(3000);
        var nodes = Enumerable.Range(0, 5).Select(_ => NewNode()).ToArray();
        for (var i = 0; i < nodes.Length; i++)
        {
            // One mailbox gets an equal copy, not the same array: bodies are found by their bytes.
            var bytes = i == 3 ? body.ToArray() : body;
            Assert.False((await Store.AppendAsync(nodes[i], new StoredPacket(1, Alice.Envelope("wide", bytes), i == 1 ? T0 : T0.AddDays(2)))).Duplicate);
        }

        await AssertCopiesAsync(body, 1);

        // Every way a row goes (ack, retention, node removal) leaves the others readable.
        Assert.Equal(1, await Store.DeleteAsync(nodes[0], [1]));
        Assert.Equal([1L], await Store.DeleteEnqueuedBeforeAsync(nodes[1], T0.AddDays(1)));
        await Store.DeleteAllAsync(nodes[2]);
        Assert.Equal(1, await Store.DeleteAsync(nodes[3], [1]));
        foreach (var gone in nodes[..4])
        {
            Assert.Empty(await Store.ReadAsync(gone, 0, 10));
        }

        Assert.Equal(body, Assert.Single(await Store.ReadAsync(nodes[4], 0, 10)).Packet);
        Assert.Equal((1, 3000L, 1L), Totals(await Store.SummarizeAsync(nodes[4])));
        await AssertCopiesAsync(body, 1);

        // The last row takes the body with it; the same bytes queued again are stored again.
        Assert.Equal(1, await Store.DeleteAsync(nodes[4], [1]));
        await AssertCopiesAsync(body, 0);
        var again = NewNode();
        await Store.AppendAsync(again, new StoredPacket(1, Bob.Envelope("wide", body), T0));
        Assert.Equal(body, Assert.Single(await Store.ReadAsync(again, 0, 10)).Packet);
        await AssertCopiesAsync(body, 1);
    }

    [Fact]
    public async Task Packets_under_one_message_id_with_different_bodies_stay_apart()
    {
        // Mallory knows Alice's message id and sends her own packet of the same size under it, to the same mailbox
        // and to others: it is stored as her own, never in place of Alice's, and taking hers away leaves Alice's.
        var mallory = Sender.New();
        var (alices, mallorys) = (TestData.Bytes(500), TestData.Bytes(500));
        var (first, shared, third) = (NewNode(), NewNode(), NewNode());
        await Store.AppendAsync(first, new StoredPacket(1, Alice.Envelope("known", alices), T0));
        await Store.AppendAsync(shared, new StoredPacket(1, Alice.Envelope("known", alices), T0));
        Assert.False((await Store.AppendAsync(shared, new StoredPacket(2, mallory.Envelope("known", mallorys), T0))).Duplicate);
        await Store.AppendAsync(third, new StoredPacket(1, mallory.Envelope("known", mallorys), T0));

        Assert.Equal(alices, Assert.Single(await Store.ReadAsync(first, 0, 10)).Packet);
        Assert.Equal([alices, mallorys], (await Store.ReadAsync(shared, 0, 10)).Select(r => r.Packet));
        Assert.Equal(mallorys, Assert.Single(await Store.ReadAsync(third, 0, 10)).Packet);

        Assert.Equal(1, await Store.DeleteAsync(shared, [2]));
        await Store.DeleteAllAsync(third);
        await AssertCopiesAsync(mallorys, 0);
        await AssertCopiesAsync(alices, 1);
        Assert.Equal(alices, Assert.Single(await Store.ReadAsync(first, 0, 10)).Packet);
        Assert.Equal(alices, Assert.Single(await Store.ReadAsync(shared, 0, 10)).Packet);
    }

    [Fact]
    public async Task A_shared_body_keeps_its_count_through_appends_and_acks_arriving_together()
    {
        var body = TestData.Bytes(2000);
        var nodes = Enumerable.Range(0, 40).Select(_ => NewNode()).ToArray();
        await Task.WhenAll(nodes.Select(node => Store.AppendAsync(node, new StoredPacket(1, Alice.Envelope("together", body), T0))));

        // 39 acks, 10 more mailboxes and the retried appends of 10 of the first (duplicates), all at once.
        var later = Enumerable.Range(0, 10).Select(_ => NewNode()).ToArray();
        var acks = Task.WhenAll(nodes[1..].Select(node => Store.DeleteAsync(node, [1])));
        var appends = Task.WhenAll(later.Select(node => Store.AppendAsync(node, new StoredPacket(1, Alice.Envelope("together", body), T0))));
        var retries = Task.WhenAll(nodes[..10].Select(node => Store.AppendAsync(node, new StoredPacket(2, Alice.Envelope("together", body), T0))));
        Assert.All(await acks, deleted => Assert.Equal(1, deleted));
        Assert.All(await appends, result => Assert.False(result.Duplicate));
        Assert.All(await retries, result => Assert.True(result.Duplicate));

        await AssertCopiesAsync(body, 1);
        foreach (var node in later.Append(nodes[0]))
        {
            Assert.Equal(body, Assert.Single(await Store.ReadAsync(node, 0, 10)).Packet);
            Assert.Equal(1, await Store.DeleteAsync(node, [1]));
        }

        await AssertCopiesAsync(body, 0);
    }

    private async Task AssertCopiesAsync(byte[] packet, long expected)
    {
        if (await StoredCopiesAsync(packet) is { } copies)
        {
            Assert.Equal(expected, copies);
        }
    }

    private async Task AppendAsync(string node, IEnumerable<StoredPacket> packets)
    {
        foreach (var packet in packets)
        {
            await Store.AppendAsync(node, packet);
        }
    }
}
