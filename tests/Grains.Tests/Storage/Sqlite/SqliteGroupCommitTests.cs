using Microsoft.Data.Sqlite;
using Wickr.Cluster.Grains.Interfaces;
using Wickr.Cluster.Grains.Storage;
using Wickr.Cluster.Grains.Storage.Sqlite;
using Wickr.Cluster.Grains.Tests.Fixtures;

namespace Wickr.Cluster.Grains.Tests.Storage.Sqlite;

/// <summary>
/// Group commit in the embedded store: writes that queue while a commit runs share the next one, every caller gets
/// its own answer, a failing write is undone alone, and what was answered is in the file for the next connection.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private static readonly DateTimeOffset T0 = ClusterFixture.Epoch;
    private readonly SqliteTestDatabase _database = new();

    private SqliteGroupCommitWriter Writer => _database.First.Writer;

    private IMailboxStore Mailbox => new SqliteMailboxStore(_database.First);

    private IEphemeralKeyStore Keys => new SqliteEphemeralKeyStore(_database.First);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Concurrent_appends_acks_and_claims_are_each_answered_correctly_and_all_stored()
    {
        var nodes = Enumerable.Range(0, 8).Select(_ => GrainKeys.ForNode(TestData.NodeId())).ToArray();
        var keyNode = nodes[0];
        await Keys.AddAsync(keyNode, [.. Enumerable.Range(1, 50).Select(i => new EphemeralKeyRecord((ulong)i, TestData.PublicKey(), TestData.Signature()))]);

        // 8 nodes x 40 packets, every packet sent twice at once (a retried send): one of each pair stores it.
        var appends = nodes.SelectMany(node => Enumerable.Range(1, 40).SelectMany(i => new[]
        {
            (Node: node, Sequence: (long)i, Task: Mailbox.AppendAsync(node, Packet(i, $"m{i}"))),
            (Node: node, Sequence: (long)i + 1000, Task: Mailbox.AppendAsync(node, Packet(i + 1000, $"m{i}"))),
        })).ToArray();

        // Every key claimed by two racers at once: exactly one wins.
        var claims = Enumerable.Range(1, 50).SelectMany(i => new[] { Keys.TryRemoveAsync(keyNode, (ulong)i), Keys.TryRemoveAsync(keyNode, (ulong)i) }).ToArray();
        await Task.WhenAll(appends.Select(a => a.Task).Cast<Task>().Concat(claims));

        foreach (var pair in appends.GroupBy(a => (a.Node, a.Sequence % 1000)))
        {
            var results = pair.Select(a => a.Task.Result).ToArray();
            Assert.Single(results, r => !r.Duplicate);
            var stored = results.Single(r => !r.Duplicate).Sequence;
            Assert.All(results, r => Assert.Equal(stored, r.Sequence));
        }

        Assert.Equal(50, claims.Count(c => c.Result));

        // Acks of every even packet, all at once; each answer counts its own rows.
        var acks = nodes.Select(node => Mailbox.DeleteAsync(node, [.. Enumerable.Range(1, 40).Where(i => i % 2 == 0).SelectMany(i => new[] { (long)i, i + 1000L })])).ToArray();
        Assert.All(await Task.WhenAll(acks), deleted => Assert.Equal(20, deleted));
        Assert.True(Writer.Writes >= appends.Length + claims.Length + acks.Length);

        // The answered writes are in the file: a fresh connection after the writer is gone sees exactly them.
        _database.First.Dispose();
        var fresh = new SqliteMailboxStore(_database.Second);
        foreach (var node in nodes)
        {
            var rows = await fresh.ReadAsync(node, 0, 100);
            Assert.Equal(Enumerable.Range(1, 40).Where(i => i % 2 == 1).Select(i => $"m{i}"), rows.Select(r => r.MessageId).OrderBy(id => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Empty(await new SqliteEphemeralKeyStore(_database.Second).ListAsync(keyNode));
    }

    [Fact]
    public async Task Writes_queued_while_a_commit_runs_share_the_next_commit()
    {
        var node = GrainKeys.ForNode(TestData.NodeId());
        var commitSizes = new System.Collections.Concurrent.ConcurrentBag<long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ClusterMetrics.MeterName && instrument.Name == "wickr.storage.commit.writes")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => commitSizes.Add(value));
        listener.Start();
        using var hold = await WriterHold.StartAsync(Writer);
        var batchesBefore = Writer.Batches;

        var appends = Enumerable.Range(1, 50).Select(i => Mailbox.AppendAsync(node, Packet(i, $"m{i}"))).ToArray();
        await hold.ReleaseAsync();
        var results = await Task.WhenAll(appends);

        Assert.Equal(Enumerable.Range(1, 50).Select(i => new MailboxAppendResult(i, false)), results);
        Assert.Equal(batchesBefore + 1, Writer.Batches);
        Assert.Contains(50L, commitSizes);
        Assert.Equal(50, (await Mailbox.SummarizeAsync(node)).Count);
    }

    [Fact]
    public async Task A_failing_write_is_undone_alone_and_the_rest_of_its_batch_commits()
    {
        var node = GrainKeys.ForNode(TestData.NodeId());
        using var hold = await WriterHold.StartAsync(Writer);
        var batchesBefore = Writer.Batches;

        var first = Mailbox.AppendAsync(node, Packet(1, "first"));
        // Inserts a row, then fails: the row must not survive.
        var throwing = Writer.WriteAsync<int>(transaction =>
        {
            using var insert = transaction.Command("""
                INSERT INTO mailbox_packet (node_id, sequence, sender_root, sender_node, message_id, size, enqueued_at, packet)
                VALUES ($node, 2, x'01', x'02', 'undone', 1, 0, x'00');
                """);
            insert.Parameters.AddWithValue("$node", node);
            insert.ExecuteNonQuery();
            throw new InvalidOperationException("this write fails after its insert");
        });
        var second = Mailbox.AppendAsync(node, Packet(3, "second"));
        // The same sequence as "first" under another message id: SQLite refuses it (primary key).
        var conflicting = Mailbox.AppendAsync(node, Packet(1, "conflict"));
        var third = Mailbox.AppendAsync(node, Packet(4, "third"));
        await hold.ReleaseAsync();

        Assert.Equal(new MailboxAppendResult(1, false), await first);
        Assert.Equal("this write fails after its insert", (await Assert.ThrowsAsync<InvalidOperationException>(() => throwing)).Message);
        Assert.Equal(new MailboxAppendResult(3, false), await second);
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => conflicting)).SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(new MailboxAppendResult(4, false), await third);
        Assert.Equal(batchesBefore + 1, Writer.Batches);

        _database.First.Dispose();
        var rows = await new SqliteMailboxStore(_database.Second).ReadAsync(node, 0, 10);
        Assert.Equal(["first", "second", "third"], rows.Select(r => r.MessageId));
    }

    [Fact]
    public async Task A_one_statement_write_needs_no_savepoint_a_failed_statement_is_undone_whole_and_alone()
    {
        var node = GrainKeys.ForNode(TestData.NodeId());
        using var hold = await WriterHold.StartAsync(Writer);
        var batchesBefore = Writer.Batches;

        var first = Mailbox.AppendAsync(node, Packet(1, "first"));
        // One statement of two rows whose second takes the sequence of "first": SQLite refuses the statement and
        // undoes its first row too, with no savepoint around it.
        var failing = Writer.WriteOneStatementAsync(transaction =>
        {
            var insert = transaction.Command("""
                INSERT INTO mailbox_packet (node_id, sequence, sender_root, sender_node, message_id, size, enqueued_at, packet)
                VALUES ($node, 10, x'01', x'02', 'undone', 1, 0, x'00'), ($node, 1, x'01', x'02', 'clash', 1, 0, x'00');
                """);
            insert.Parameters.AddWithValue("$node", node);
            return insert.ExecuteNonQuery();
        });
        var second = Mailbox.AppendAsync(node, Packet(2, "second"));
        await hold.ReleaseAsync();

        Assert.Equal(new MailboxAppendResult(1, false), await first);
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => failing)).SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(new MailboxAppendResult(2, false), await second);
        Assert.Equal(batchesBefore + 1, Writer.Batches);

        _database.First.Dispose();
        var rows = await new SqliteMailboxStore(_database.Second).ReadAsync(node, 0, 20);
        Assert.Equal(["first", "second"], rows.Select(r => r.MessageId));
    }

    [Fact]
    public async Task A_write_cancelled_before_its_batch_runs_stores_nothing_and_the_others_commit()
    {
        var node = GrainKeys.ForNode(TestData.NodeId());
        using var hold = await WriterHold.StartAsync(Writer);

        using var cancel = new CancellationTokenSource();
        var cancelled = Mailbox.AppendAsync(node, Packet(1, "cancelled"), cancel.Token);
        var kept = Mailbox.AppendAsync(node, Packet(2, "kept"));
        await cancel.CancelAsync();
        await hold.ReleaseAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False((await kept).Duplicate);
        Assert.Equal(["kept"], (await Mailbox.ReadAsync(node, 0, 10)).Select(r => r.MessageId));
    }

    [Fact]
    public async Task Disposing_the_database_commits_what_is_queued_and_refuses_later_writes()
    {
        var node = GrainKeys.ForNode(TestData.NodeId());
        using var hold = await WriterHold.StartAsync(Writer);
        var queued = Enumerable.Range(1, 10).Select(i => Mailbox.AppendAsync(node, Packet(i, $"m{i}"))).ToArray();

        var disposing = Task.Run(_database.First.Dispose);
        await hold.ReleaseAsync();
        await disposing;

        Assert.All(await Task.WhenAll(queued), r => Assert.False(r.Duplicate));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Mailbox.AppendAsync(node, Packet(11, "late")));
        Assert.Equal(10, (await new SqliteMailboxStore(_database.Second).SummarizeAsync(node)).Count);
    }

    private static readonly byte[] SenderRoot = TestData.RootIdentifier();
    private static readonly byte[] SenderNode = TestData.NodeId();

    private static StoredPacket Packet(long sequence, string messageId) =>
        new(sequence, new MailboxEnvelope(SenderRoot, SenderNode, messageId, TestData.Bytes(64)), T0);
}
