using Wickr.Cluster.Grains.Storage;

namespace Wickr.Cluster.Silo.Tests.Storage.AzureTables;

public sealed class AzureTableMailboxStoreTests(AzureStorageFixture fixture) : IClassFixture<AzureStorageFixture>
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Packets_are_read_back_in_sequence_order_whatever_the_append_order()
    {
        var store = fixture.MailboxStore();
        var node = AzureStorageFixture.NewNodeId();
        foreach (var sequence in new long[] { 3, 1, 12, 2 })
        {
            await store.AppendAsync(node, Packet(sequence));
        }

        var all = await store.ReadAsync(node, afterSequence: 0, maxCount: 100);
        Assert.Equal([1L, 2, 3, 12], all.Select(p => p.Sequence));
        Assert.Equal(Packet(3).Packet, all[2].Packet);
        Assert.Equal("msg-3", all[2].MessageId);
        Assert.Equal(T0.AddSeconds(3), all[2].EnqueuedAt);

        var page = await store.ReadAsync(node, afterSequence: 2, maxCount: 1);
        Assert.Equal(3, Assert.Single(page).Sequence);
        Assert.Empty(await store.ReadAsync(node, afterSequence: 12, maxCount: 10));
    }

    [Fact]
    public async Task A_retried_append_is_stored_once_and_answers_the_first_sequence()
    {
        var store = fixture.MailboxStore();
        var node = AzureStorageFixture.NewNodeId();

        var first = await store.AppendAsync(node, Packet(1, "same"));
        var retry = await store.AppendAsync(node, Packet(2, "same"));

        Assert.Equal(new MailboxAppendResult(1, Duplicate: false), first);
        Assert.Equal(new MailboxAppendResult(1, Duplicate: true), retry);
        Assert.Equal(1, Assert.Single(await store.ReadAsync(node, 0, 10)).Sequence);
        AssertTotals(1, Packet(1).Packet.Length, 1, await store.SummarizeAsync(node));
    }

    [Fact]
    public async Task Concurrent_appends_of_one_message_store_it_once()
    {
        var node = AzureStorageFixture.NewNodeId();
        var results = await Task.WhenAll(Enumerable.Range(1, 6).Select(i =>
            fixture.MailboxStore().AppendAsync(node, Packet(i, "raced"))));

        var stored = Assert.Single(await fixture.MailboxStore().ReadAsync(node, 0, 10));
        Assert.Single(results, r => !r.Duplicate);
        Assert.All(results, r => Assert.Equal(stored.Sequence, r.Sequence));
    }

    [Fact]
    public async Task Taking_a_sequence_twice_with_another_message_is_refused_and_changes_nothing()
    {
        var store = fixture.MailboxStore();
        var node = AzureStorageFixture.NewNodeId();
        await store.AppendAsync(node, Packet(1, "a"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(node, Packet(1, "b")));

        Assert.Equal("a", Assert.Single(await store.ReadAsync(node, 0, 10)).MessageId);
        Assert.Equal(new MailboxAppendResult(2, false), await store.AppendAsync(node, Packet(2, "b")));
    }

    [Fact]
    public async Task An_ack_deletes_only_known_sequences_and_remembers_the_message_id()
    {
        var store = fixture.MailboxStore();
        var node = AzureStorageFixture.NewNodeId();
        for (var sequence = 1; sequence <= 4; sequence++)
        {
            await store.AppendAsync(node, Packet(sequence));
        }

        Assert.Equal(2, await store.DeleteAsync(node, [1, 3, 99]));
        Assert.Equal(0, await store.DeleteAsync(node, [1]));

        Assert.Equal([2L, 4], (await store.ReadAsync(node, 0, 10)).Select(p => p.Sequence));

        // The contract now remembers an acknowledged id until retention, so a resend is not stored again.
        Assert.Equal(new MailboxAppendResult(1, true), await store.AppendAsync(node, Packet(5, "msg-1")));
    }

    [Fact]
    public async Task Retention_deletes_what_was_enqueued_before_the_cutoff()
    {
        var store = fixture.MailboxStore();
        var node = AzureStorageFixture.NewNodeId();
        for (var sequence = 1; sequence <= 5; sequence++)
        {
            await store.AppendAsync(node, Packet(sequence));
        }

        var expired = await store.DeleteEnqueuedBeforeAsync(node, T0.AddSeconds(3));

        Assert.Equal([1L, 2], expired);
        Assert.Equal([3L, 4, 5], (await store.ReadAsync(node, 0, 10)).Select(p => p.Sequence));
    }

    [Fact]
    public async Task Summary_counts_sizes_and_the_highest_sequence()
    {
        var store = fixture.MailboxStore();
        var node = AzureStorageFixture.NewNodeId();
        AssertTotals(0, 0, 0, await store.SummarizeAsync(node));

        await store.AppendAsync(node, Packet(7, size: 10));
        await store.AppendAsync(node, Packet(9, size: 32));

        AssertTotals(2, 42, 9, await store.SummarizeAsync(node));
    }

    [Fact]
    public async Task A_packet_larger_than_a_table_property_is_split_inside_its_row()
    {
        var store = fixture.MailboxStore();
        var node = AzureStorageFixture.NewNodeId();
        var blobsBefore = await fixture.PacketBlobsAsync();
        var packet = Packet(1, size: 900 * 1024);

        await store.AppendAsync(node, packet);

        Assert.Equal(packet.Packet, Assert.Single(await store.ReadAsync(node, 0, 1)).Packet);
        Assert.Equal(blobsBefore, await fixture.PacketBlobsAsync());
    }

    [Fact]
    public async Task A_packet_of_several_mebibytes_goes_to_a_blob_which_leaves_with_the_packet()
    {
        var store = fixture.MailboxStore();
        var node = AzureStorageFixture.NewNodeId();
        var big = Packet(1, size: 3 * 1024 * 1024 + 17);

        await store.AppendAsync(node, big);
        var duplicate = await store.AppendAsync(node, Packet(2, big.MessageId, size: big.Packet.Length));

        Assert.True(duplicate.Duplicate);
        var mine = (await fixture.PacketBlobsAsync()).Where(n => n.StartsWith(node, StringComparison.Ordinal)).ToList();
        Assert.Single(mine);
        Assert.Equal(big.Packet, Assert.Single(await store.ReadAsync(node, 0, 1)).Packet);

        Assert.Equal(1, await store.DeleteAsync(node, [1]));
        Assert.DoesNotContain(await fixture.PacketBlobsAsync(), n => n.StartsWith(node, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_all_empties_one_mailbox_and_no_other()
    {
        var store = fixture.MailboxStore(maxInlinePacketBytes: 1024);
        var node = AzureStorageFixture.NewNodeId();
        var other = AzureStorageFixture.NewNodeId();
        for (var sequence = 1; sequence <= 120; sequence++)
        {
            await store.AppendAsync(node, Packet(sequence, size: sequence == 7 ? 4096 : 16));
        }

        await store.AppendAsync(other, Packet(1));

        await store.DeleteAllAsync(node);

        Assert.Empty(await store.ReadAsync(node, 0, 1000));
        AssertTotals(0, 0, 0, await store.SummarizeAsync(node));
        Assert.DoesNotContain(await fixture.PacketBlobsAsync(), n => n.StartsWith(node, StringComparison.Ordinal));
        Assert.Single(await store.ReadAsync(other, 0, 10));
        Assert.False((await store.AppendAsync(node, Packet(121, "msg-7"))).Duplicate);
    }

    [Fact]
    public async Task An_ack_of_more_than_100_packets_removes_the_blobs_of_the_packets_it_deleted_only()
    {
        var store = fixture.MailboxStore(maxInlinePacketBytes: 1024);
        var node = AzureStorageFixture.NewNodeId();
        for (var sequence = 1; sequence <= 130; sequence++)
        {
            await store.AppendAsync(node, Packet(sequence, size: sequence % 10 == 0 ? 2048 : 16));
        }

        Assert.Equal(13, (await fixture.PacketBlobsAsync()).Count(n => n.StartsWith(node, StringComparison.Ordinal)));

        Assert.Equal(115, await store.DeleteAsync(node, [.. Enumerable.Range(1, 115).Select(i => (long)i), 500]));

        // Packets 120 and 130 keep their blobs and still read back.
        Assert.Equal(2, (await fixture.PacketBlobsAsync()).Count(n => n.StartsWith(node, StringComparison.Ordinal)));
        var left = await store.ReadAsync(node, 0, 100);
        Assert.Equal(Enumerable.Range(116, 15).Select(i => (long)i), left.Select(p => p.Sequence));
        Assert.Equal(Packet(120, size: 2048).Packet, left.Single(p => p.Sequence == 120).Packet);
    }

    [Fact]
    public async Task Node_ids_with_characters_tables_forbid_stay_apart()
    {
        var store = fixture.MailboxStore();
        var slash = "a/b#c?" + AzureStorageFixture.NewNodeId();
        var escapedLookalike = "a%2Fb%23c%3F" + slash[6..];

        await store.AppendAsync(slash, Packet(1, "x/y\\z"));
        await store.AppendAsync(escapedLookalike, Packet(1, "x/y\\z"));

        Assert.Equal("x/y\\z", Assert.Single(await store.ReadAsync(slash, 0, 10)).MessageId);
        Assert.Single(await store.ReadAsync(escapedLookalike, 0, 10));
        await store.DeleteAllAsync(slash);
        Assert.Single(await store.ReadAsync(escapedLookalike, 0, 10));
    }

    [Fact]
    public async Task Bad_input_is_refused_before_anything_is_written()
    {
        var store = fixture.MailboxStore();
        var node = AzureStorageFixture.NewNodeId();

        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync("", Packet(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(node, Packet(1, "")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(node, Packet(1, new string('m', 600))));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.AppendAsync(node, Packet(-1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadAsync(node, 0, -1));

        AssertTotals(0, 0, 0, await store.SummarizeAsync(node));
    }

    private static readonly byte[] SenderRoot = [0x5e, 0x4d];
    private static readonly byte[] SenderNode = [.. Enumerable.Repeat((byte)0x42, 32)];

    private static StoredPacket Packet(long sequence, string? messageId = null, int size = 64)
    {
        var body = new byte[size];
        new Random((int)sequence).NextBytes(body);
        var envelope = new Wickr.Cluster.Grains.Interfaces.MailboxEnvelope(SenderRoot, SenderNode, messageId ?? $"msg-{sequence}", body);
        return new StoredPacket(sequence, envelope, T0.AddSeconds(sequence));
    }

    private static void AssertTotals(int count, long bytes, long highestSequence, MailboxSummary summary) =>
        Assert.Equal((count, bytes, highestSequence), (summary.Count, summary.Bytes, summary.HighestSequence));
}
